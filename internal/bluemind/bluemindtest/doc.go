// Package bluemindtest is an in-process BlueMind: an http.Handler that
// answers the few API calls the portal makes the way BlueMind does,
// oddities included (HTTP 200 for a wrong password, null for absent
// values, a bare login looked up in the admin domain, a password sent as
// a JSON string literal). Tests run the real client against it, and the
// portal's demo mode logs in against its DemoAccounts.
//
// It can also play a broken BlueMind (SetFailure) and count what it
// received (LoginAttempts, ActiveSessions), so tests can check that the
// portal did not call BlueMind, or that it closed every session.
package bluemindtest
