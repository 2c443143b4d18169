#include "help_format.h"

namespace rxsim {

// CLI11's type name is "TYPE:validator:validator"; the type stays beside the
// name, the validators' descriptions go to the text.
std::string help_format::make_option_opts(const CLI::Option *opt) const
{
    if (opt->get_type_size() == 0)
        return "";
    std::string type = opt->get_type_name();
    std::string opts = " " + type.substr(0, type.find(':'));
    if (opt->get_expected_max() == CLI::detail::expected_max_vector_size)
        opts += " ...";
    return opts;
}

std::string help_format::make_option_desc(const CLI::Option *opt) const
{
    std::string desc = opt->get_description();
    std::string type = opt->get_type_name();
    if (opt->get_type_size() != 0 && type.find(':') != std::string::npos)
        desc += "; " + type.substr(type.find(':') + 1);
    if (!opt->get_default_str().empty())
        desc += " [default: " + opt->get_default_str() + "]";
    return desc;
}

} // namespace rxsim
