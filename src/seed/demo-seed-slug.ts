export { DEMO_SLUG } from './demo-campaign.js';
