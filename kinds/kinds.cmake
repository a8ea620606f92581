# The estimator families (docs/ARCHITECTURE.md, "Where an estimator kind
# lives"). Each folder kinds/<family>/ holds the family's code for every
# layer; a layer's library compiles the files named after it:
#   format.cc, validate.cc  -> modelseal_format   (FlatBuffers mapping, rules)
#   predict.cc              -> modelseal_inference (compile + evaluate)
#   inspect.cc              -> the modelseal command (`modelseal inspect`)
set(MODELSEAL_KIND_FAMILIES
  pipeline preprocessing linear trees gradient_boosting hist_gradient_boosting
  encoding compose discretization feature_selection polynomial distribution
  svm naive_bayes neural_network decomposition cluster dummy
  discriminant_analysis isotonic mixture isolation_forest nearest_centroid
  neighbors meta outlier spline)

function(modelseal_kind_sources out)
  set(sources)
  foreach(family ${MODELSEAL_KIND_FAMILIES})
    foreach(file ${ARGN})
      set(path ${PROJECT_SOURCE_DIR}/kinds/${family}/${file})
      if(EXISTS ${path})
        list(APPEND sources ${path})
      endif()
    endforeach()
  endforeach()
  set(${out} ${sources} PARENT_SCOPE)
endfunction()
