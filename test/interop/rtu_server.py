#!/usr/bin/env python3
"""The SunSpec inverter of sunspec_server.py served by pymodbus's RTU framer over TCP,
as a transparent serial-to-Ethernet server forwards an RS-485 device.

Usage: rtu_server.py [port] [unit]. Besides the registers it has coils 0-15 and
discrete inputs 0-15 with the bit patterns below, for function codes 1, 2, 5 and 15.
Prints "LISTENING <port>" once it accepts connections.
"""

import asyncio
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.transaction import ModbusRtuFramer

from sunspec_server import BASE, image, serve

COILS = [1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1]
DISCRETE = [0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]


async def main():
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    unit = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    registers = ModbusSequentialDataBlock(BASE, image(unit))
    device = ModbusSlaveContext(
        hr=registers,
        ir=registers,
        co=ModbusSequentialDataBlock(0, COILS),
        di=ModbusSequentialDataBlock(0, DISCRETE),
        zero_mode=True,
    )
    context = ModbusServerContext(slaves={unit: device}, single=False)
    await serve(context, port, ModbusRtuFramer)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
