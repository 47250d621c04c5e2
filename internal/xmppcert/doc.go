// Package xmppcert reads the certificate an XMPP server really presents to
// clients, so the portal can show users the fingerprint their client will
// ask them to accept.
//
// BlueMind's XMPP server keeps its own certificate per domain, self-signed
// unless an administrator replaced it, and it is not the web certificate.
// The only way to know it is to ask the server the way a client does: open
// a stream to the user's domain, negotiate STARTTLS with that domain as the
// TLS server name, and read the chain. A Prober does exactly that and no
// more: it never authenticates and never goes on in plaintext.
//
// A Cache sits in front of the Prober so that guide pages never wait for
// the network once warm: one probe per target at a time, refreshed in the
// background after a time-to-live, with the last good answer kept when a
// refresh fails.
package xmppcert
