/* The generator's command line, callable as rxsim-gen's main or as a
 * subcommand (`rxsim gen ...`). */
#ifndef RXSIM_GEN_CLI_H
#define RXSIM_GEN_CLI_H

#ifdef __cplusplus
extern "C" {
#endif

/* Parses argv[1..argc) (argv[0] is skipped), writes the pcap file, returns
 * the exit status: 0 written, 2 bad options, 3 file not written. name is the
 * program name used in messages and --help. Exits on --help and bad options. */
int gen_cli_main(const char *name, int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_GEN_CLI_H */
