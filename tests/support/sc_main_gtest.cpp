// libsystemc's main() needs an sc_main to link. Whichever main() the linker
// takes (gtest_main's or SystemC's), the tests run.
#include <gtest/gtest.h>
#include <systemc>

int sc_main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
