# Compile options every modelseal target gets.
function(modelseal_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow
                         -Wno-missing-field-initializers)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
endfunction()

# modelseal_test(NAME src... LIBS lib...): a GoogleTest binary registered
# with ctest, one ctest entry per test case.
function(modelseal_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  if(NOT MODELSEAL_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${T_SOURCES})
  modelseal_defaults(${name})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "MODELSEAL_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data")
endfunction()
