package launcher

import (
	"crypto/aes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// payloadVersion is the launcher payload version the provisioners decode.
const payloadVersion = 1

// ParsePublicKey reads the provisioner's --public-key: the base64 DER of an
// RSA public key (SubjectPublicKeyInfo, or PKCS#1), with or without the PEM
// header lines and line breaks.
func ParsePublicKey(s string) (*rsa.PublicKey, error) {
	s = strings.NewReplacer("-----BEGIN PUBLIC KEY-----", "", "-----END PUBLIC KEY-----", "",
		"-----BEGIN RSA PUBLIC KEY-----", "", "-----END RSA PUBLIC KEY-----", "", "\n", "", "\r", "", " ", "").Replace(s)
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("launcher: --public-key is not base64: %v", err)
	}
	if k, err := x509.ParsePKIXPublicKey(der); err == nil {
		if rk, ok := k.(*rsa.PublicKey); ok {
			return rk, nil
		}
		return nil, errors.New("launcher: --public-key is not an RSA key")
	}
	k, err := x509.ParsePKCS1PublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("launcher: --public-key is not an RSA public key: %v", err)
	}
	return k, nil
}

// Encrypt makes the response payload of connection information conn (JSON)
// for the holder of pub's private key, in the format the provisioners'
// response manager decodes (see the package documentation).
func Encrypt(conn []byte, pub *rsa.PublicKey) ([]byte, error) {
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	// ECB with PKCS#7 padding: what the response manager decrypts with.
	n := 16 - len(conn)%16
	plain := append(append([]byte(nil), conn...), bytesOf(byte(n), n)...)
	sealed := make([]byte, len(plain))
	for i := 0; i < len(plain); i += 16 {
		block.Encrypt(sealed[i:i+16], plain[i:i+16])
	}
	// PKCS#1 v1.5 is what the provisioner decrypts the key with; the key only
	// protects one message, and the provisioner chose it.
	wrapped, err := rsa.EncryptPKCS1v15(rand.Reader, pub, key)
	if err != nil {
		return nil, fmt.Errorf("launcher: encrypting the connection key: %w", err)
	}
	b, err := json.Marshal(map[string]any{
		"version":   payloadVersion,
		"key":       base64.StdEncoding.EncodeToString(wrapped),
		"conn_info": base64.StdEncoding.EncodeToString(sealed),
	})
	if err != nil {
		return nil, err
	}
	out := make([]byte, base64.StdEncoding.EncodedLen(len(b)))
	base64.StdEncoding.Encode(out, b)
	return out, nil
}

func bytesOf(b byte, n int) []byte {
	s := make([]byte, n)
	for i := range s {
		s[i] = b
	}
	return s
}
