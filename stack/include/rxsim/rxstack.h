/* Umbrella header of the receive stack (library rxstack). */
#ifndef RXSIM_RXSTACK_H
#define RXSIM_RXSTACK_H
#include "rxsim/platform.h"
#include "rxsim/skbuff.h"
#include "rxsim/netdevice.h"
#include "rxsim/net.h"
#include "rxsim/netfilter.h"
#include "rxsim/sock.h"
#endif
