import { describe, expect, it } from 'vitest';
import { asMbap, takeRtuFrame } from '../../electron/acquisition/rtu';
import { DeskConfig } from '../../shared/config/schema';
import { crc16, crcMatches, rtuFrame as frameOf } from '../../shared/modbus/rtu';
import { ProfilePoint } from '../../shared/profile/schema';
import { testStation } from '../helpers/fleet-fixtures';

/** As the wire carries it. */
const rtuFrame = (unitId: number, pdu: Uint8Array) => Buffer.from(frameOf(unitId, pdu));

describe('RTU framing', () => {
  it('computes CRC-16/MODBUS and appends it low byte first', () => {
    // The catalogued check value of CRC-16/MODBUS; a read of 10 registers of unit 1 ends C5 CD on the wire.
    expect(crc16(Buffer.from('123456789'))).toBe(0x4b37);
    expect(rtuFrame(1, Buffer.from([0x03, 0x00, 0x00, 0x00, 0x0a]))).toEqual(
      Buffer.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd]),
    );
  });

  it('cuts answers by function code and byte count, and waits for the rest of a frame', () => {
    const read = rtuFrame(7, Buffer.from([0x03, 0x04, 0x00, 0x01, 0x00, 0x02]));
    const write = rtuFrame(7, Buffer.from([0x05, 0x00, 0x03, 0xff, 0x00]));
    const exception = rtuFrame(7, Buffer.from([0x83, 0x02]));
    expect(takeRtuFrame(read.subarray(0, 2))).toBe('partial');
    expect(takeRtuFrame(read.subarray(0, read.length - 1))).toBe('partial');
    expect(takeRtuFrame(Buffer.concat([read, write]))).toEqual(read);
    expect(takeRtuFrame(write)).toEqual(write);
    expect(takeRtuFrame(exception)).toEqual(exception);
    expect(asMbap(0x1234, read)).toEqual(
      Buffer.from([0x12, 0x34, 0, 0, 0, 7, 7, 0x03, 0x04, 0x00, 0x01, 0x00, 0x02]),
    );
  });

  it('says why a frame is bad: a CRC that does not match, a function code nothing asked for', () => {
    const read = rtuFrame(7, Buffer.from([0x03, 0x02, 0x12, 0x34]));
    read.writeUInt8(0x35, 4);
    expect(takeRtuFrame(read)).toMatch(/^CRC error \(got 0x[0-9A-F]{4}, computed 0x[0-9A-F]{4}\)$/);
    expect(takeRtuFrame(Buffer.from([7, 0x2b, 0x0e]))).toBe(
      'function code 43 is not an answer to any request',
    );
    expect(crcMatches(read)).toBe(false);
    expect(crcMatches(rtuFrame(7, Buffer.from([0x03, 0x02, 0x12, 0x34])))).toBe(true);
  });
});

describe('RTU and bit tables in config and profiles', () => {
  const device = { id: 'm1', stationId: 's1', name: 'meter', profile: 'p', host: '10.0.0.9', port: 4001 };
  it('takes framing "rtu-over-tcp" and refuses two framings on one connection', () => {
    const stations = [testStation('s1', 'g')];
    const one = DeskConfig.parse({ stations, devices: [{ ...device, framing: 'rtu-over-tcp' }] });
    expect(one.devices[0]?.framing).toBe('rtu-over-tcp');
    const mixed = DeskConfig.safeParse({
      stations,
      devices: [
        { ...device, framing: 'rtu-over-tcp' },
        { ...device, id: 'm2', unitId: 2 },
      ],
    });
    expect(mixed.error?.issues[0]).toMatchObject({
      path: ['devices', 1, 'framing'],
      message: '10.0.0.9:4001 is one connection: its devices must share one framing (rtu-over-tcp)',
    });
    expect(DeskConfig.safeParse({ stations, devices: [{ ...device, framing: 'rtu' }] }).success).toBe(false);
  });

  it('takes coils and discrete inputs as one-bit u16 points; discrete inputs are read-only', () => {
    const label = { 'zh-CN': '断路器', en: 'breaker' };
    const coil = { key: 'breaker', label, table: 'coil', address: 3, type: 'u16', writable: true };
    expect(ProfilePoint.parse(coil).table).toBe('coil');
    expect(ProfilePoint.safeParse({ ...coil, type: 'u32' }).error?.issues[0]?.message).toBe(
      'a coil or discrete input is one bit: u16 (0/1)',
    );
    expect(ProfilePoint.safeParse({ ...coil, table: 'discrete' }).error?.issues[0]?.message).toBe(
      'the discrete table is read-only',
    );
  });
});
