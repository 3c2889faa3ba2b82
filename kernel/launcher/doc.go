// Package launcher is the kernel side of the remote-kernel launch protocol of
// Jupyter's gateway provisioners (PyPI gateway-provisioners: Distributed/SSH,
// Kubernetes, Docker, YARN) and of Jupyter Enterprise Gateway, written for
// yak from the protocol those projects' launchers speak.
//
// # The protocol
//
// The provisioner starts the kernel with four arguments (kernelspec argv
// placeholders it fills in): --kernel-id ID, --response-address IP:PORT,
// --public-key KEY (the base64 DER of an RSA public key: a PEM body without
// its header lines) and --port-range LOWER..UPPER ("0..0" or empty: any
// port). The kernel then:
//
//  1. picks five ports for its sockets and a sixth, the communication port,
//     inside the range (Prepare), and binds them;
//  2. sends its connection information back (Respond): the JSON of a
//     connection file plus pid, pgid, comm_port and kernel_id, encrypted with
//     a fresh AES-128 key (ECB, PKCS#7 padding), the AES key encrypted with
//     the public key (RSA PKCS#1 v1.5), both base64 in a JSON object
//     {"version": 1, "key": ..., "conn_info": ...}, itself base64, written
//     to a TCP connection to the response address, which the kernel closes;
//  3. accepts requests on the communication port (Serve): each a TCP
//     connection carrying one JSON object, {"signum": N} (0 is the
//     provisioner's liveness poll: a refused connection means the kernel is
//     gone) or {"shutdown": 1} (stop listening).
//
// The encryption only protects the connection key on its way back; the
// provisioner picks the RSA key and its size (1024 bits) and the cipher
// modes, and a launcher must use them as they are.
//
// # What yak does beyond the Python launcher
//
// A response address that cannot be reached ends the kernel with an error
// that says so (the Python launcher's listener dies and leaves the kernel
// running). After {"shutdown": 1} the kernel ends by itself if no
// shutdown_request arrives within ShutdownGrace: the provisioner no longer
// tracks it, so nothing else would. CurveZMQ transport encryption
// (--transport-encryption required) is refused with a clear error; with
// "auto" the kernel runs without it, as the provisioner allows.
package launcher
