import { outageHint, SmtpOutagePause } from './smtp-outage.js';

describe('the pause of a queue while no SMTP server answers', () => {
  it('starts at 500 ms, is shared by the failures during it, doubles per pause up to the maximum, and starts over after a success', () => {
    const pause = new SmtpOutagePause(1500);
    expect(pause.hold(0)).toEqual({ ms: 500, began: true });
    // another email of the same moment joins that pause
    expect(pause.hold(200)).toEqual({ ms: 300, began: false });
    expect(pause.hold(500)).toEqual({ ms: 1000, began: true });
    expect(pause.hold(1500)).toEqual({ ms: 1500, began: true });
    expect(pause.hold(3000)).toEqual({ ms: 1500, began: true });
    pause.reset();
    expect(pause.hold(4500)).toEqual({ ms: 500, began: true });
  });

  it('never pauses longer than the maximum, even below the first step', () => {
    expect(new SmtpOutagePause(300).hold(0)).toEqual({ ms: 300, began: true });
  });
});

describe('the hint in an outage log line', () => {
  it('points at SMTP_CA_FILE when the relay certificate does not verify, and says nothing otherwise', () => {
    expect(outageHint('ESOCKET: unable to verify the first certificate')).toContain('SMTP_CA_FILE');
    expect(outageHint('ESOCKET: self-signed certificate in certificate chain')).toContain('SMTP_CA_FILE');
    expect(outageHint('ECONNECTION: connect ECONNREFUSED 127.0.0.1:25')).toBe('');
  });
});
