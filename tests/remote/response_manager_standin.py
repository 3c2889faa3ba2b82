"""A gateway server's side of the launch protocol, for yak's launcher tests.

It is gateway_provisioners' own ResponseManager (the singleton that a
provisioner uses: RSA key, response socket, payload decryption), driven
without a Jupyter server: it prints {"response_address", "public_key"} as one
JSON line, waits for the kernel id given as argv[1] to report, and prints the
decrypted connection information as a second JSON line (the key as text).
GP_RESPONSE_IP picks the address it listens on. With YAK_STANDIN=enterprise-gateway it is
Jupyter Enterprise Gateway's ResponseManager instead (EG_RESPONSE_IP, EG_RESPONSE_PORT).
"""

import asyncio
import json
import sys

import os

if os.environ.get("YAK_STANDIN") == "enterprise-gateway":
    from enterprise_gateway.services.processproxies.processproxy import ResponseManager
else:
    from gateway_provisioners.response_manager import ResponseManager


async def main(kernel_id, timeout):
    rm = ResponseManager.instance()
    rm.register_event(kernel_id)
    print(json.dumps({"response_address": rm.response_address, "public_key": rm.public_key}), flush=True)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            info = await rm.get_connection_info(kernel_id)
            break
        except (asyncio.TimeoutError, TimeoutError):
            if loop.time() > deadline:
                print(json.dumps({"error": "no connection information arrived"}), flush=True)
                return 1
    if isinstance(info.get("key"), bytes):
        info["key"] = info["key"].decode()
    print(json.dumps(info), flush=True)
    rm.stop_response_manager()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 30)))
