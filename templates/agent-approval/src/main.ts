import './approval-agent';
