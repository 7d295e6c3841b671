/* testutil.h - what every cmocka unit test includes. */
#ifndef SB_TESTS_TESTUTIL_H
#define SB_TESTS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#endif
