import { scrubAddresses } from '../logging.js';
import { bounceAddressPattern } from './dsn.js';

// beside the listener rather than in src/logging.spec.ts: logging sits below bounces and may not import it
describe('the bounce listener in the logs', () => {
  it("keeps the bounce listener's address pattern readable, and still hides a real bounce address", () => {
    const line = `{"msg":"bounce listener on 0.0.0.0:2525 for ${bounceAddressPattern('campaigns.example')}"}`;
    expect(scrubAddresses(line)).toBe(line);
    expect(line).toContain('bounces[+<delivery id>]@campaigns.example');
    expect(scrubAddresses('{"msg":"to bounces+0b6f1c52-1111-4222-8333-444455556666@campaigns.example"}')).toBe('{"msg":"to <address>"}');
    expect(scrubAddresses('{"msg":"to bounces@campaigns.example"}')).toBe('{"msg":"to <address>"}');
  });
});
