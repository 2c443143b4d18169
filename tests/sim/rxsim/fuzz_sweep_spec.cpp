// libFuzzer harness: any bytes as a sweep spec. parse_sweep_spec must return
// points or throw spec_error with a message, never crash, hang or throw
// anything else (toml++ reads the text; the spec's own rules read the tree).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sweep_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        rxsim::parse_sweep_spec(std::string(reinterpret_cast<const char *>(data), size), "fuzz.toml");
    } catch (const rxsim::spec_error &e) {
        if (std::string(e.what()).empty())
            std::abort(); // refused without saying why
    }
    return 0;
}
