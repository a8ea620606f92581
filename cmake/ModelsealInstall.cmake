# `cmake --install` of the library: what a C++ program needs to load signed
# models and predict (README "Using the C++ library").
#
#   bin/modelseal, bin/modelseal-sandbox        the command and the helper
#   lib/libmodelseal.so.<version>               every component in one shared
#                                               library; its own dependencies
#                                               (libsodium, libcrypto,
#                                               OpenBLAS) stay private
#   include/modelseal/                          the public headers only
#   lib/cmake/modelseal/                        find_package(modelseal CONFIG)
#                                               -> modelseal::modelseal
#   lib/pkgconfig/modelseal.pc                  pkg-config --cflags --libs
#
# The library finds the helper beside itself, else at the installed
# bin/modelseal-sandbox (MODELSEAL_INSTALLED_HELPER, sandbox/host.cc).

# The components, linked whole into the shared library (they are static and
# position-independent; CMAKE_POSITION_INDEPENDENT_CODE is on).
set(MODELSEAL_LIBRARY_COMPONENTS
  modelseal_loader modelseal_model_reply modelseal_sandbox
  modelseal_sandbox_reply modelseal_signing modelseal_inference
  modelseal_format modelseal_core)

# The target is modelseal_shared (`modelseal` is the command's target); its
# file is libmodelseal.so and its exported name modelseal::modelseal.
add_library(modelseal_shared SHARED ${PROJECT_SOURCE_DIR}/core/version.cc)
add_library(modelseal::modelseal ALIAS modelseal_shared)
modelseal_defaults(modelseal_shared)
target_compile_definitions(modelseal_shared PRIVATE
  MODELSEAL_LIBRARY_VERSION="${PROJECT_VERSION}")
# The archives' own link dependencies (their transitive PRIVATE links) are
# listed after them: CMake's WHOLE_ARCHIVE feature refuses a library that
# also appears in another's link interface.
set(_modelseal_archives)
foreach(component ${MODELSEAL_LIBRARY_COMPONENTS})
  list(APPEND _modelseal_archives $<TARGET_FILE:${component}>)
endforeach()
add_dependencies(modelseal_shared ${MODELSEAL_LIBRARY_COMPONENTS})
find_package(Threads REQUIRED)
target_link_libraries(modelseal_shared PRIVATE
  -Wl,--whole-archive ${_modelseal_archives} -Wl,--no-whole-archive
  PkgConfig::SODIUM PkgConfig::LIBCRYPTO Threads::Threads modelseal_openblas
  mvec ${CMAKE_DL_LIBS})
target_include_directories(modelseal_shared INTERFACE
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_features(modelseal_shared INTERFACE cxx_std_20)
set_target_properties(modelseal_shared PROPERTIES
  OUTPUT_NAME modelseal
  EXPORT_NAME modelseal
  LINKER_LANGUAGE CXX
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
# Every symbol the components need is resolved at link time.
target_link_options(modelseal_shared PRIVATE -Wl,--no-undefined)
add_dependencies(modelseal_shared modelseal-sandbox)

install(TARGETS modelseal_shared EXPORT modelsealTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
          NAMELINK_COMPONENT development)
install(TARGETS modelseal-sandbox
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
if(MODELSEAL_BUILD_CLI)
  install(TARGETS modelseal
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()
# Only include/modelseal/: internal headers are never installed.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/modelseal
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development)

include(CMakePackageConfigHelpers)
set(MODELSEAL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/modelseal)
install(EXPORT modelsealTargets NAMESPACE modelseal::
  DESTINATION ${MODELSEAL_CMAKE_DIR} COMPONENT development)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/modelsealConfig.cmake.in
  ${PROJECT_BINARY_DIR}/modelsealConfig.cmake
  INSTALL_DESTINATION ${MODELSEAL_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/modelsealConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/modelsealConfig.cmake
              ${PROJECT_BINARY_DIR}/modelsealConfigVersion.cmake
  DESTINATION ${MODELSEAL_CMAKE_DIR} COMPONENT development)

file(RELATIVE_PATH MODELSEAL_PC_PREFIX_FROM_PCDIR
     ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" MODELSEAL_PC_PREFIX_FROM_PCDIR
       "${MODELSEAL_PC_PREFIX_FROM_PCDIR}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/modelseal.pc.in
               ${PROJECT_BINARY_DIR}/modelseal.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/modelseal.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
