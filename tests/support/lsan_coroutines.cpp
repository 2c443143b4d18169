// SystemC threads run on coroutine stacks whose guard page is protected;
// Debian's libsystemc is not built with SystemC's AddressSanitizer support, so
// LeakSanitizer's exit-time scan faults on that page ("Tracer caught signal
// 11"). Only binaries that start SystemC threads link this file: leak checking
// stays on for the others. AddressSanitizer itself stays on.
extern "C" const char *__lsan_default_options()
{
    return "detect_leaks=0";
}
