// --help layout: one line per option, "--name TYPE   what it does; accepted
// values; [default: X]", so the accepted range and the default (the value
// the option is bound to at registration) sit next to the option's name.
#ifndef RXSIM_HELP_FORMAT_H
#define RXSIM_HELP_FORMAT_H

#include <CLI/CLI.hpp>

namespace rxsim {

class help_format : public CLI::Formatter {
public:
    help_format() { column_width(38); }
    std::string make_option_opts(const CLI::Option *opt) const override;
    std::string make_option_desc(const CLI::Option *opt) const override;
};

} // namespace rxsim

#endif
