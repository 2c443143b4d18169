/* rxsim-gen: writes synthetic pcap traces for rxsim (see --help). */
#include "gen_cli.h"

int main(int argc, char **argv) { return gen_cli_main("rxsim-gen", argc, argv); }
