#ifndef LIANDONG_CZEROMQ_SHIM_H
#define LIANDONG_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
