// Copyright (c) modelseal developers. SPDX-License-Identifier: Apache-2.0
//
// The predictor's use of OpenBLAS, process-wide.
#ifndef MODELSEAL_INFERENCE_BLAS_H_
#define MODELSEAL_INFERENCE_BLAS_H_

namespace modelseal::inference {

// Sets OpenBLAS's own thread count to 1, once per process; every predictor
// calls it when it is created (Predictor::Create). modelseal links Debian's
// threaded OpenBLAS (openblas-pthread), whose buffers are locked, so that
// the predictor's row threads may call dgemm at the same time: Debian 12's
// serial build (0.3.21, built without USE_LOCKING) returns wrong products
// when two threads call it at once (blas_test.cc). With one OpenBLAS
// thread each call runs on the thread that makes it, so the predictor's
// n_threads is the number of threads that compute, as with the serial
// build. The setting applies to every user of this libopenblas.so.0 in
// the process (README, "Dependencies").
void UseOneBlasThreadPerCaller();

}  // namespace modelseal::inference

#endif  // MODELSEAL_INFERENCE_BLAS_H_
