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

/* What --NAME is to the generator: 1 an option taking a value, 0 a flag, -1
 * not one of its options (so a sweep spec can be checked before it runs). */
int gen_cli_option_kind(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_GEN_CLI_H */
