import './counter-agent';
