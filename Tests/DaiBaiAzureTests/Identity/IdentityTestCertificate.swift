import Foundation

/// A throwaway RSA-2048 key and self-signed certificate for the identity tests. NOT A SECRET:
/// generated once for these tests with
/// `openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 36500 -subj "/CN=daibai-identity-test"`
/// and trusted by nothing.
enum IdentityTestCertificate {
    /// The private key followed by the certificate, as a PEM bundle.
    static let bundlePEM = privateKeyPEM + "\n" + certificatePEM + "\n"

    /// `openssl x509 -in cert.pem -outform der | openssl dgst -sha256 -binary | base64url` (computed
    /// with openssl, not by the code under test).
    static let thumbprintSHA256 = "9hodIgVajK8kg1pvpq8vVAyZ9aoW-tFc70F5tyr7SrQ"

    /// `openssl rsa -in key.pem -pubout`: verifies the assertion signatures.
    static let publicKeyPEM = """
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxnG2hqzgMmz6HhbAt3lw
LHpOyWh5d/ieAsOPZB2kcaauQOw9DHwE9GjIdZGdR+jeaABnbIlbNWYZYW58p+y5
wfHD4aSwK5BFrDb5fhgNIam36NYHHbfFj5voDO9IaZAwbNSUU1QbEAEFjqoowlWU
F9KQ5YD/vPapBWPX/dmYNlaAdfRVVZhPeR2qYVCuHZT7XfYzgTr8TQSsVPpsB82p
TdFroLcoYRkxfayeFedWd1eTT1Jt8G9iyP9Aw55MU37RFGWDdD+qRTVpvyWJ8zOt
OdOOYRRsrbi+vHAbtqAOrtbN+kxPBoKh0/j4e0sjHgQU0uQXilbuJyf8P2DSkvk7
8wIDAQAB
-----END PUBLIC KEY-----
"""

    static let privateKeyPEM = """
-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDGcbaGrOAybPoe
FsC3eXAsek7JaHl3+J4Cw49kHaRxpq5A7D0MfAT0aMh1kZ1H6N5oAGdsiVs1Zhlh
bnyn7LnB8cPhpLArkEWsNvl+GA0hqbfo1gcdt8WPm+gM70hpkDBs1JRTVBsQAQWO
qijCVZQX0pDlgP+89qkFY9f92Zg2VoB19FVVmE95HaphUK4dlPtd9jOBOvxNBKxU
+mwHzalN0WugtyhhGTF9rJ4V51Z3V5NPUm3wb2LI/0DDnkxTftEUZYN0P6pFNWm/
JYnzM605045hFGytuL68cBu2oA6u1s36TE8GgqHT+Ph7SyMeBBTS5BeKVu4nJ/w/
YNKS+TvzAgMBAAECggEAWKAuaWVJ15tt9QQqW4ajv2l8SF0daqQhRZC7OHY4m/1Z
82rONQYqXFFzvXYj7RqmQYJ0rjeGAYowqZ/jkkeaCnEED4EyoLIVO71tnY/2RWN7
3EPB99a8J8/0SdqP131q8x/ZgoGceIBMUBPUkj4QHreOuMDs9iKfB+Y4b4m/ffxI
iB+HOmNoe6odbek+lMf1ybcsSqP6zH9ahr9UvpkorKgUvm3y5ryJPcgBGR8vFIL2
9SvvqtQviGeeuPnoIcgIDoifPAqspVsyZ6SV4XvwirCi2S4KHrtp7s0jFDts9+Ux
EHaNeE5jinGGlrH9/FLhK5D+rPT63DAq+ZwJsTfA6QKBgQDoBP03poYf5EdSFgZJ
m9OuCB9M/hplJ5V5JpthMoYH5Il4u4DAWvrsfUdLKP9RFLf0Rzg10vjg8ujHoNi8
4N6guV9N/6PkELXEcMfjcO3f0UuSHECNH1uKdEh4R1gSHLf09B/XRkJWkEb90u4o
Q42ZK9pQeBvlDbyuQZSrJ0jn/QKBgQDa9FqhSuIx9/JnF8beK3muXw79zAJXYWGZ
Vr8DS1ceO8i8ovpyTcGyfuKHzi11FsGhz9QioIngnc/PONMkhC2uhKs/aXLlYsuD
utkjFYMWq//ydPpULLJNKeQ4xvXCaazs7x8T2abvW6+pOeqoY5dHJMRdF0ELw/dO
x9ByI68erwKBgHM9XyPP8xhOAtqTk+Xlntr2r81G/Ic3hPdapJw/QvESovEzeDyS
M8VYaBu9ripwdvm+kf2x3umj3NiiXGRb8Fe2Gs8b5SQ25IFAXxfplEyxoK5el/VA
GPCI1yHelbDRUNE6m8IJ5JMoMAqMRLv86YylilajgX9gNlH6wsPLzFtlAoGAQmM6
o5MP+HSkc+u6qZxm/Z7m7b8QqqvlKtgpfHc4h/s6hy+nXkcDRvq/9stl7w2iUkyw
lns0sv1GiB9DrdvB+htRzR1M8A4/hMZ/leqs34/xP/OF/0W6HjlocGqrE3J1MzXh
p2QkAIk9PsNHyhzAPpsASvWFDGszrhhZtHHrZBMCgYBUQoWqSBT5gDJTW9OH/sUf
Bjr5CtzEQ2ABamA0O5x7BCccjOuZuF/btsFFf2oJSuf7vlPkqVLXRjT8UiNUD7G2
jCl8LwZ7hRg+cL/5nYvUCpqjInAL25fgcgp+X0Z+3/nDpbtylhWiTrNzbEiiqczk
Ec5UiOvDv5ZkhqclexdUZA==
-----END PRIVATE KEY-----
"""

    static let certificatePEM = """
-----BEGIN CERTIFICATE-----
MIIDITCCAgmgAwIBAgIUHcqHMtde+bcqIPY+tUfpnDnjVsIwDQYJKoZIhvcNAQEL
BQAwHzEdMBsGA1UEAwwUZGFpYmFpLWlkZW50aXR5LXRlc3QwIBcNMjYxMTI4MDEz
OTIyWhgPMjEyNjExMDQwMTM5MjJaMB8xHTAbBgNVBAMMFGRhaWJhaS1pZGVudGl0
eS10ZXN0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxnG2hqzgMmz6
HhbAt3lwLHpOyWh5d/ieAsOPZB2kcaauQOw9DHwE9GjIdZGdR+jeaABnbIlbNWYZ
YW58p+y5wfHD4aSwK5BFrDb5fhgNIam36NYHHbfFj5voDO9IaZAwbNSUU1QbEAEF
jqoowlWUF9KQ5YD/vPapBWPX/dmYNlaAdfRVVZhPeR2qYVCuHZT7XfYzgTr8TQSs
VPpsB82pTdFroLcoYRkxfayeFedWd1eTT1Jt8G9iyP9Aw55MU37RFGWDdD+qRTVp
vyWJ8zOtOdOOYRRsrbi+vHAbtqAOrtbN+kxPBoKh0/j4e0sjHgQU0uQXilbuJyf8
P2DSkvk78wIDAQABo1MwUTAdBgNVHQ4EFgQUNg8ZvN8vDh86iMlfLDv09rV3R5sw
HwYDVR0jBBgwFoAUNg8ZvN8vDh86iMlfLDv09rV3R5swDwYDVR0TAQH/BAUwAwEB
/zANBgkqhkiG9w0BAQsFAAOCAQEAiapXOMzH1c3FvuaoBb60kSKyQUiWWRE2ABXx
T73qglkkdXB13Cr5/GhH5G1yU8DkdLYznI2km93Xcrbz8FG01CJ1Gs4tvgn/zWO9
wyu/JofVwMp0ijfHRTvaHNZ2EWisd6e2t1x/xv9Su5EFUS6KERNimGSsh7hDtWrp
pqf9rpqlZZC+IUEmwqjGKBqXeoE/kdhpxbmyiBZjbjs25S8agblvvSfUhOxmVY6t
asawJdn+8n3zamn6td3HystwCRABijI/EoVglTN+hckXS9d9tB4mlGL/y1ql0QzC
TmlLc/EnzETVkQe4AYs4tn4r4W7ZB9w97rk0fNJU5+kLOiuVGw==
-----END CERTIFICATE-----
"""
}
