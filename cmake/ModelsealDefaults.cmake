# Compile options every modelseal target gets.
function(modelseal_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow
                         -Wno-missing-field-initializers)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
endfunction()

# modelseal_test(NAME SOURCES src... LIBS lib... [DEFINITIONS def...]
#                [DEPENDS target...] [INCLUDES dir...]): a GoogleTest binary
# registered with ctest, one ctest entry per test case; nothing when tests
# are off (so callers need no guard).
function(modelseal_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;DEFINITIONS;DEPENDS;INCLUDES"
                        ${ARGN})
  if(NOT MODELSEAL_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${T_SOURCES})
  modelseal_defaults(${name})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  if(T_DEFINITIONS)
    target_compile_definitions(${name} PRIVATE ${T_DEFINITIONS})
  endif()
  if(T_DEPENDS)
    add_dependencies(${name} ${T_DEPENDS})
  endif()
  if(T_INCLUDES)
    target_include_directories(${name} PRIVATE ${T_INCLUDES})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "MODELSEAL_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data")
endfunction()
