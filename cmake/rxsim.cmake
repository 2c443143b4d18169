# Build conventions shared by every directory.

if(RXSIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(RXSIM_FUZZ AND NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "RXSIM_FUZZ needs clang: configure with CC=clang CXX=clang++")
endif()

# Strict warnings on our own code only (never on Verilator's or SystemC's output).
function(rxsim_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# One GoogleTest executable, each test run in its own process by CTest (SystemC
# elaborates once per process). Its sources are compiled as one translation
# unit (a unity build): most of a test file's compile time is parsing gtest's
# and SystemC's headers, once per binary this way. So names local to one test
# file (anonymous namespaces, statics) must not clash with another's.
#   rxsim_gtest(NAME name SOURCES a.cpp b.cpp LIBS lib1 lib2)
function(rxsim_gtest)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  set_target_properties(${T_NAME} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  rxsim_strict(${T_NAME})
  # NO_PRETTY_VALUES: CTest names are gtest's own ("Suite.Test/name"), not
  # gtest's print of the parameter, which for a struct is its bytes, pointers
  # included, so the names changed from one build to the next.
  gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60 NO_PRETTY_VALUES)
endfunction()

# A libFuzzer target, run briefly by CTest with its seed corpus.
#   rxsim_fuzzer(NAME name SOURCES a.c LIBS lib CORPUS dir SECONDS n)
function(rxsim_fuzzer)
  cmake_parse_arguments(F "" "NAME;CORPUS;SECONDS" "SOURCES;LIBS" ${ARGN})
  if(NOT RXSIM_FUZZ)
    return()
  endif()
  add_executable(${F_NAME} ${F_SOURCES})
  target_compile_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
  target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${F_NAME} PRIVATE ${F_LIBS})
  rxsim_strict(${F_NAME})
  # New inputs go to a scratch corpus in the build tree; the seeds stay untouched.
  set(scratch ${CMAKE_CURRENT_BINARY_DIR}/${F_NAME}.corpus)
  add_test(NAME ${F_NAME}
           COMMAND sh -c "mkdir -p '${scratch}' && exec '$<TARGET_FILE:${F_NAME}>' -max_total_time=${F_SECONDS} -seed=1 '${scratch}' '${F_CORPUS}'")
endfunction()
