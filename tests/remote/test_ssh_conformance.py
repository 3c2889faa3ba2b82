"""The Jupyter kernel conformance suite (jupyter_kernel_test) against a yak kernel that
gateway_provisioners' DistributedProvisioner started over SSH on 127.0.0.2.

jupyter_client's KernelManager picks the provisioner from the kernelspec that `yak install
--ssh` wrote, as a Jupyter server does; the suite is the one tests/test_kernel_conformance.py
runs against a local kernel, with the same samples.
"""

import os
import sys
import unittest

from jupyter_client.manager import start_new_kernel

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import test_kernel_conformance as local  # noqa: E402

import ssh_support as ss  # noqa: E402


class YakOverSSHTests(local.YakKernelTests):
    kernel_name = ss.KERNEL_NAME

    @classmethod
    def setUpClass(cls):
        cls.cluster = ss.Cluster(server=False)
        cls.saved = {k: os.environ.get(k) for k in cls.cluster.env()}
        os.environ.update(cls.cluster.env())
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name, startup_timeout=60)
        assert cls.km.provisioner.__class__.__name__ == "DistributedProvisioner"
        assert cls.km.provisioner.assigned_host in ss.HOSTS

    @classmethod
    def tearDownClass(cls):
        try:
            pid = cls.km.provisioner.pid
            cls.kc.stop_channels()
            cls.km.shutdown_kernel()
            ss.wait_for(f"remote kernel {pid} to end", lambda: not ss.alive(pid), logs=cls.cluster.logs())
            assert ss.yak_kernels(cls.cluster.yak) == []
        finally:
            for k, v in cls.saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            cls.cluster.close()


del local  # only the SSH class runs here; the local one runs in tests/test_kernel_conformance.py

if __name__ == "__main__":
    unittest.main()
