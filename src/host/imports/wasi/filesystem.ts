import type { Interfaces } from '../provide.ts';

/** wasi:filesystem: no filesystem. The component sees no preopened directories, so no descriptor ever exists. */
export function filesystem(): Interfaces {
  class Descriptor {}
  class DirectoryEntryStream {}
  for (const m of DESCRIPTOR_METHODS) Object.defineProperty(Descriptor.prototype, m, { value: unsupported });
  Object.defineProperty(DirectoryEntryStream.prototype, 'readDirectoryEntry', { value: unsupported });

  return {
    'wasi:filesystem/preopens': { getDirectories: () => [] },
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode: () => undefined },
  };
}

/** wasi:filesystem's `error-code` for every descriptor operation: there is no filesystem. */
function unsupported(): never {
  throw { payload: 'unsupported' };
}

/** Methods of wasi:filesystem/types@0.2.x `descriptor`, as jco names them. */
const DESCRIPTOR_METHODS = [
  'readViaStream', 'writeViaStream', 'appendViaStream', 'advise', 'syncData', 'getFlags', 'getType', 'setSize',
  'setTimes', 'read', 'write', 'readDirectory', 'sync', 'createDirectoryAt', 'stat', 'statAt', 'setTimesAt',
  'linkAt', 'openAt', 'readlinkAt', 'removeDirectoryAt', 'renameAt', 'symlinkAt', 'unlinkFileAt', 'isSameObject',
  'metadataHash', 'metadataHashAt',
];
