/* messages.h - the error bodies of the SSR API, exactly as the seed writes them.
 * Integrators show these to staff and parents as they are (api-anchors.md §1.3), so
 * they never change and never carry internal detail. */
#ifndef SB_API_MESSAGES_H
#define SB_API_MESSAGES_H

/* /v3/token (401) and /v3/token/verify (403) */
#define MSG_NOT_AUTHORIZED "You are not authorized to make this request"
/* /v3/students/{ssid}/score-reports */
#define MSG_UNAUTHORIZED "You are unauthorized to make this request."
#define MSG_MALFORMED "Malformed parameter"
#define MSG_ENROLLMENT_MISMATCH "Student enrollment record does not match calling district"
#define MSG_NO_STUDENT "Student doesn\xe2\x80\x99t exist" /* U+2019, as in the seed */
/* every endpoint */
#define MSG_INTERNAL "Internal error occurred"
/* temporary links */
#define MSG_LINK_INVALID                                                                           \
  "This score report link has expired or is not valid; request the score reports again for a "     \
  "new link"

#endif
