#!/usr/bin/env python3
"""A SunSpec three-phase inverter served by pymodbus: a Modbus peer we did not write.

Usage: sunspec_server.py [port] [unit]. Port 0 (the default) binds an ephemeral
port; once listening the script prints "LISTENING <port>" on stdout. The
register image: "SunS" at 40000, common model 1, inverter model 103, immediate
controls model 123 and the end marker, with the values the interop test expects.
"""

import asyncio
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext

try:
    from pymodbus.server import ModbusTcpServer
except ImportError:  # pymodbus 3.0 keeps it in the async_io module only
    from pymodbus.server.async_io import ModbusTcpServer

BASE = 40000
NI_U16 = 0xFFFF
NI_I16 = 0x8000


def text(value, words):
    raw = value.encode("ascii").ljust(words * 2, b"\0")
    return [(raw[i] << 8) | raw[i + 1] for i in range(0, words * 2, 2)]


def s16(value):
    return value & 0xFFFF


def u32(value):
    return [(value >> 16) & 0xFFFF, value & 0xFFFF]


def image(unit):
    common = (
        [1, 66]
        + text("PyModbusPeer", 16)
        + text("PM-50K-3P", 16)
        + text("", 8)
        + text("3.0", 8)
        + text("PEER-0001", 16)
        + [unit, NI_I16]
    )
    inverter = [103, 50] + [
        4567, 1522, 1523, 1522, s16(-2),  # A, AphA-C, A_SF: 45.67 A
        NI_U16, NI_U16, NI_U16,  # PPVphAB, BC, CA
        2305, 2301, 2308, s16(-1),  # PhVphA-C, V_SF: 230.5 V
        3124, s16(1),  # W, W_SF: 31 240 W
        5001, s16(-2),  # Hz, Hz_SF: 50.01 Hz
        NI_I16, NI_I16, NI_I16, NI_I16, NI_I16, NI_I16,  # VA, VAr, PF and their scale factors
        *u32(123456789), 0,  # WH, WH_SF: 123 456 789 Wh
        NI_U16, NI_I16,  # DCA, DCA_SF
        6123, s16(-1),  # DCV, DCV_SF: 612.3 V
        NI_I16, NI_I16,  # DCW, DCW_SF
        412, NI_I16, NI_I16, NI_I16, s16(-1),  # TmpCab, TmpSnk, TmpTrns, TmpOt, Tmp_SF: 41.2 °C
        4, NI_U16,  # St (MPPT), StVnd
        *u32(1 << 7), 0, 0,  # Evt1 (over-temperature), Evt2
        0, 0, 0, 0, 0, 0, 0, 0,  # EvtVnd1-4
    ]
    controls = [123, 24] + [
        0, 0, 1,  # Conn_WinTms, Conn_RvrtTms, Conn (connected)
        750, 0, 0, 0, 1,  # WMaxLimPct 75.0 %, its timers, WMaxLim_Ena (enabled)
        NI_I16, 0, 0, 0, 0,  # OutPFSet and its timers, OutPFSet_Ena
        NI_I16, NI_I16, NI_I16, 0, 0, 0, 0, 0,  # VAr percentages, timers, mode, enable
        s16(-1), NI_I16, NI_I16,  # WMaxLimPct_SF, OutPFSet_SF, VArPct_SF
    ]
    words = [0x5375, 0x6E53] + common + inverter + controls + [0xFFFF, 0]
    assert len(inverter) == 52 and len(controls) == 26, (len(inverter), len(controls))
    return words


async def main():
    # pymodbus 3.0 logs every client disconnect as an error; a polling peer disconnects all the time.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    unit = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    block = ModbusSequentialDataBlock(BASE, image(unit))
    # zero_mode: register 40000 on the wire is register 40000 here, not 40001.
    device = ModbusSlaveContext(hr=block, ir=block, zero_mode=True)
    context = ModbusServerContext(slaves={unit: device}, single=False)
    await serve(context, port)


async def serve(context, port, framer=None):
    """Serves `context` on loopback (framer None: Modbus TCP) and says where once listening."""
    server = ModbusTcpServer(context, framer=framer, address=("127.0.0.1", port))
    serving = asyncio.create_task(server.serve_forever())
    await server.serving
    bound = server.server.sockets[0].getsockname()[1]
    print(f"LISTENING {bound}", flush=True)
    await serving


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
