// libFuzzer harness: any bytes as a --config file. The parse must end in
// "go ahead" or exit 2 with a message, never a crash, a hang or an exception
// that escapes (CLI11 reads the file; locate_config_error reads it again).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "command_line.h"
#include "exit_codes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const std::string path = "/tmp/rxsim_config_fuzz_" + std::to_string(getpid()) + ".ini";
    FILE *fp = std::fopen(path.c_str(), "wb");
    if (!fp || (size && std::fwrite(data, 1, size, fp) != size))
        std::abort();
    std::fclose(fp);
    const char *argv[] = {"rxsim", "run", "t.pcap", "--config", path.c_str()};
    rxsim::command_line cl;
    std::ostringstream out, err;
    const int status = cl.parse(5, argv, out, err);
    if (status != -1 && status != rxsim::exit_bad_options)
        std::abort();
    if (status == rxsim::exit_bad_options && err.str().empty())
        std::abort(); // refused without saying why
    return 0;
}
