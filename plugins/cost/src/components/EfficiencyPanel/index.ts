export { EfficiencyPanel } from './EfficiencyPanel';
