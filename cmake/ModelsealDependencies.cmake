# Finds every third-party dependency from Debian 12 packages. A missing one
# stops configuration with the name of the package to install (or run
# scripts/setup.sh, which installs them all).
find_package(PkgConfig)

macro(modelseal_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR
      "modelseal: ${what} not found. Install the Debian package: "
      "apt-get install ${package}   (or run scripts/setup.sh)")
  endif()
endmacro()

modelseal_require(PKG_CONFIG_FOUND "pkg-config" "pkg-config")

# FlatBuffers 2.0.8: headers (verifier, builder) and flatc at build time. We
# never link libflatbuffers (reflection/IDL code is not used on untrusted data).
find_package(FlatBuffers CONFIG QUIET)
modelseal_require(FlatBuffers_FOUND "FlatBuffers" "libflatbuffers-dev flatbuffers-compiler")
if(NOT TARGET flatbuffers::flatc)
  modelseal_require(FALSE "flatc" "flatbuffers-compiler")
endif()
get_target_property(MODELSEAL_FLATBUFFERS_INCLUDE flatbuffers::flatbuffers
                    INTERFACE_INCLUDE_DIRECTORIES)
add_library(modelseal_flatbuffers_headers INTERFACE)
target_include_directories(modelseal_flatbuffers_headers SYSTEM INTERFACE
                           ${MODELSEAL_FLATBUFFERS_INCLUDE})

pkg_check_modules(SODIUM IMPORTED_TARGET libsodium>=1.0.18)
modelseal_require(SODIUM_FOUND "libsodium" "libsodium-dev")

# OpenSSL 3's libcrypto: BLAKE2b-512 (the signature prehash) through EVP.
pkg_check_modules(LIBCRYPTO IMPORTED_TARGET libcrypto>=3.0)
modelseal_require(LIBCRYPTO_FOUND "OpenSSL libcrypto >= 3.0" "libssl-dev")

# OpenBLAS, Debian's threaded build, run with one OpenBLAS thread
# (inference/blas.h): cblas_dgemm for the matrix products of kinds whose
# scikit-learn counterparts call numpy's matmul (MLP layers, projections,
# k-means, QDA, mixtures). Not the serial build: Debian 12's is not safe to
# call from the predictor's threads at once (inference/blas_test.cc). The
# threaded build's own directory is searched first and put in the run path,
# so the alternatives system's choice of libopenblas.so.0 does not apply.
set(_openblas_dir /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-pthread)
find_path(MODELSEAL_CBLAS_INCLUDE cblas.h
          HINTS /usr/include/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-pthread
          PATH_SUFFIXES openblas)
find_library(MODELSEAL_OPENBLAS_LIBRARY openblas HINTS ${_openblas_dir})
modelseal_require(MODELSEAL_CBLAS_INCLUDE "OpenBLAS (cblas.h)"
                  "libopenblas-pthread-dev")
modelseal_require(MODELSEAL_OPENBLAS_LIBRARY "OpenBLAS" "libopenblas-pthread-dev")
add_library(modelseal_openblas INTERFACE)
target_include_directories(modelseal_openblas SYSTEM INTERFACE
                           ${MODELSEAL_CBLAS_INCLUDE})
target_link_libraries(modelseal_openblas INTERFACE ${MODELSEAL_OPENBLAS_LIBRARY})
get_filename_component(_openblas_found_dir ${MODELSEAL_OPENBLAS_LIBRARY}
                       DIRECTORY)
target_link_options(modelseal_openblas INTERFACE
                    -Wl,-rpath,${_openblas_found_dir})

pkg_check_modules(SECCOMP IMPORTED_TARGET libseccomp>=2.5)
modelseal_require(SECCOMP_FOUND "libseccomp" "libseccomp-dev")

if(MODELSEAL_BUILD_CLI)
  find_package(CLI11 CONFIG QUIET)
  modelseal_require(CLI11_FOUND "CLI11" "libcli11-dev")
endif()
find_package(nlohmann_json 3.10 CONFIG QUIET)
modelseal_require(nlohmann_json_FOUND "nlohmann-json" "nlohmann-json3-dev")

if(MODELSEAL_BUILD_TESTS)
  find_package(GTest CONFIG QUIET)
  modelseal_require(GTest_FOUND "GoogleTest" "libgtest-dev libgmock-dev")
endif()
