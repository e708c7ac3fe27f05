// The labs' starting configs, their presets and the guided lessons' steps: data, read by
// the page (labs/*.js, lessons.js) and by the native tests that check every lesson claim
// on ten seeds (tests/lessons.rs). Everything after `export default` is strict JSON, so
// Rust reads this file as it is; a preset's "why" says how its numbers were chosen.
// A lesson step's optional "hero" names the chart that carries its point (the largest card,
// data-hero) where it is not the lab's own (labs/*.js `hero`). The overfitting lab's
// "capacity_table" is the grid of its capacity table (degrees × training-set sizes).
export default {
  "labs": {
    "gradient": {
      "base": {
        "model": {"hidden": [8, 8, 8, 8, 8], "activation": "sigmoid", "init": "xavier"},
        "optim": {"lr": 0.1}
      },
      "presets": [
        {
          "id": "sigmoid",
          "config": {"model": {"hidden": [8, 8, 8, 8, 8], "activation": "sigmoid", "init": "xavier"}}
        },
        {
          "id": "glorot",
          "config": {"model": {"hidden": [8, 8, 8, 8, 8], "activation": "sigmoid", "init": "standard"}}
        },
        {
          "id": "sigmoid-deep",
          "config": {
            "model": {
              "hidden": [8, 8, 8, 8, 8, 8, 8, 8, 8, 8],
              "activation": "sigmoid",
              "init": "xavier"
            }
          }
        },
        {
          "id": "saturate",
          "config": {
            "model": {
              "hidden": [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64],
              "activation": "sigmoid",
              "init": "large"
            }
          },
          "why": "Large weights saturate about half the units (each passes back < 1/10), but they also amplify what the others pass back (≈ 0.85 per layer at half saturation): with 5 or 10 layers of 64 the net still learns. Over 32 layers the first layer's ∂L/∂z is ≥ 100× below the output's after 50 steps on seeds 1–10, and the net stays at chance."
        },
        {
          "id": "tanh",
          "config": {
            "model": {"hidden": [8, 8, 8, 8, 8, 8, 8, 8, 8, 8], "activation": "tanh", "init": "xavier"}
          }
        },
        {
          "id": "relu",
          "config": {
            "model": {"hidden": [8, 8, 8, 8, 8, 8, 8, 8, 8, 8], "activation": "relu", "init": "he"}
          }
        },
        {
          "id": "leaky",
          "config": {
            "model": {
              "hidden": [8, 8, 8, 8, 8, 8, 8, 8, 8, 8],
              "activation": "leaky_relu",
              "init": "he",
              "leaky_slope": 0.01
            }
          }
        },
        {
          "id": "batchnorm",
          "config": {
            "model": {
              "hidden": [8, 8, 8, 8, 8, 8, 8, 8, 8, 8],
              "activation": "sigmoid",
              "init": "xavier",
              "batch_norm": true
            }
          }
        }
      ]
    },
    "init": {
      "base": {"model": {"hidden": [16, 16, 16, 16, 16, 16], "activation": "tanh", "init": "xavier"}},
      "presets": [
        {
          "id": "zero",
          "config": {
            "model": {"hidden": [8, 8, 8], "activation": "tanh", "init": "zero"},
            "optim": {"lr": 0.1}
          },
          "ui": {"compare": "xavier"},
          "why": "lr 0.1: at the init lab's 0.03 the compared Xavier run is still near chance after 200 steps."
        },
        {
          "id": "small",
          "config": {
            "model": {"hidden": [16, 16, 16, 16, 16, 16, 16, 16], "activation": "tanh", "init": "small"}
          },
          "ui": {"compare": "xavier"}
        },
        {
          "id": "large",
          "config": {
            "model": {"hidden": [16, 16, 16, 16, 16, 16, 16, 16], "activation": "tanh", "init": "large"}
          },
          "ui": {"compare": "xavier"}
        },
        {
          "id": "xavier-tanh",
          "config": {
            "model": {
              "hidden": [16, 16, 16, 16, 16, 16, 16, 16],
              "activation": "tanh",
              "init": "xavier"
            }
          },
          "ui": {"compare": "large"}
        },
        {
          "id": "relu-xavier",
          "config": {
            "scale": "zscore",
            "model": {
              "hidden": [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64],
              "activation": "relu",
              "init": "xavier"
            },
            "optim": {"lr": 0.01}
          },
          "ui": {"compare": "he"}
        },
        {
          "id": "relu-he",
          "config": {
            "scale": "zscore",
            "model": {
              "hidden": [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64],
              "activation": "relu",
              "init": "he"
            },
            "optim": {"lr": 0.01}
          },
          "ui": {"compare": "xavier"}
        },
        {
          "id": "rbm",
          "config": {
            "model": {
              "hidden": [16, 16, 16, 16],
              "activation": "sigmoid",
              "init": "rbm",
              "rbm_epochs": 100
            },
            "optim": {"lr": 0.1}
          },
          "ui": {"compare": "xavier"},
          "why": "4 × 16 sigmoid, 100 CD epochs per layer: with 10 the upper RBMs stay on their plateau and pre-training does not help. Xavier sits at chance for 2000 steps (250 epochs) on seeds 1–10; the pre-trained net leaves it in a few hundred."
        }
      ]
    },
    "overfitting": {
      "capacity_table": {"capacities": [0, 1, 3, 6, 9], "n_train": [10, 15, 30, 100]},
      "base": {
        "data": {"kind": "sine", "n_train": 10, "n_test": 100, "noise": 0.3},
        "model": {"kind": "poly", "degree": 3, "basis": "power"},
        "optim": {"kind": "exact"}
      },
      "presets": [
        {"id": "bishop-1", "config": {"model": {"degree": 1}}},
        {"id": "bishop-3", "config": {"model": {"degree": 3}}},
        {"id": "bishop-9", "config": {"model": {"degree": 9}}},
        {"id": "bishop-9-n15", "config": {"model": {"degree": 9}, "data": {"n_train": 15}}},
        {"id": "bishop-9-n100", "config": {"model": {"degree": 9}, "data": {"n_train": 100}}},
        {"id": "bishop-9-ridge", "config": {"model": {"degree": 9}, "reg": {"l2": 1.5e-09}}},
        {
          "id": "d2l-poly",
          "config": {
            "data": {"kind": "poly", "n_train": 100, "n_test": 100, "noise": 0.1},
            "model": {"kind": "poly", "degree": 3, "basis": "scaled"},
            "optim": {"kind": "sgd", "lr": 0.02, "batch_size": 10}
          }
        },
        {
          "id": "d2l-overfit",
          "config": {
            "data": {"kind": "poly", "n_train": 15, "n_test": 100, "noise": 0.1},
            "model": {"kind": "poly", "degree": 19, "basis": "scaled"},
            "optim": {"kind": "sgd", "lr": 0.02, "batch_size": 10}
          }
        },
        {
          "id": "weight-decay",
          "config": {
            "data": {"kind": "linear", "n_train": 20, "n_test": 100, "noise": 0.01},
            "model": {"kind": "mlp", "hidden": [], "init": "large"},
            "optim": {"kind": "sgd", "lr": 0.003, "batch_size": 5}
          }
        },
        {
          "id": "mlp-overfit",
          "config": {
            "data": {"kind": "circle", "n_train": 80, "n_test": 200, "noise": 0.5},
            "model": {"kind": "mlp", "hidden": [64, 64], "activation": "tanh", "init": "xavier"},
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          }
        },
        {
          "id": "dropout",
          "config": {
            "data": {"kind": "circle", "n_train": 80, "n_test": 200, "noise": 0.5},
            "model": {
              "kind": "mlp",
              "hidden": [64, 64],
              "activation": "tanh",
              "init": "xavier",
              "dropout_keep": 0.6
            },
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          }
        },
        {
          "id": "bishop-9-lasso",
          "config": {"model": {"degree": 9}, "reg": {"l1": 1e-4}},
          "why": "l1 1e-4: 3-5 of the 9 coefficients exactly 0 on seeds 1-10 with a test loss no worse than the ridge step's; 1e-3 zeroes 5-6 but fits worse"
        },
        {
          "id": "mlp-batchnorm",
          "config": {
            "data": {"kind": "circle", "n_train": 80, "n_test": 200, "noise": 0.5},
            "model": {"kind": "mlp", "hidden": [64, 64], "activation": "tanh", "init": "xavier", "batch_norm": true},
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          }
        },
        {
          "id": "features-all",
          "config": {
            "data": {"kind": "circle", "n_train": 80, "n_test": 200, "noise": 0.5,
                     "features": ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]},
            "model": {"kind": "mlp", "hidden": [8, 8], "activation": "tanh", "init": "xavier"},
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          },
          "why": "an 8-8 net, small next to step 7's 64-64: the extra inputs alone make it overfit (test loss 0.9-2.6 after 1600 steps, train ≤ 0.14)"
        },
        {
          "id": "features-two",
          "config": {
            "data": {"kind": "circle", "n_train": 80, "n_test": 200, "noise": 0.5, "features": ["x1^2", "x2^2"]},
            "model": {"kind": "mlp", "hidden": [8, 8], "activation": "tanh", "init": "xavier"},
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          }
        },
        {
          "id": "raw-units",
          "config": {
            "data": {"kind": "circle", "n_train": 200, "n_test": 200, "noise": 0.1, "raw_units": true},
            "scale": "none",
            "model": {"kind": "mlp", "hidden": [8, 8], "activation": "tanh", "init": "xavier"},
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          },
          "why": "the setup of dlab experiment scaling; Adam, which rescales each weight's step, still cannot leave saturation, and SGD at lr 0.03 or 0.001 cannot either"
        },
        {
          "id": "raw-zscore",
          "config": {
            "data": {"kind": "circle", "n_train": 200, "n_test": 200, "noise": 0.1, "raw_units": true},
            "scale": "zscore",
            "model": {"kind": "mlp", "hidden": [8, 8], "activation": "tanh", "init": "xavier"},
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          }
        },
        {
          "id": "raw-minmax",
          "config": {
            "data": {"kind": "circle", "n_train": 200, "n_test": 200, "noise": 0.1, "raw_units": true},
            "scale": "minmax",
            "model": {"kind": "mlp", "hidden": [8, 8], "activation": "tanh", "init": "xavier"},
            "optim": {"kind": "adam", "lr": 0.01, "batch_size": 10}
          }
        }
      ]
    }
  },
  "lessons": {
    "vanishing": {
      "lab": "gradient",
      "steps": [
        {"preset": "sigmoid", "ui": {"edgeView": "grads"}},
        {"preset": "sigmoid-deep", "ui": {"edgeView": "grads"}},
        {"preset": "saturate", "ui": {"layer": 4}},
        {"preset": "tanh", "ui": {"edgeView": "grads"}},
        {"preset": "relu", "ui": {"edgeView": "grads"}},
        {"preset": "leaky", "ui": {}},
        {"preset": "batchnorm", "ui": {}},
        {"preset": "sigmoid", "hero": "actmean"}
      ]
    },
    "init": {
      "lab": "init",
      "steps": [
        {"preset": "zero", "hero": "symmetry"},
        {"preset": "small", "hero": "acthist"},
        {"preset": "large", "hero": "acthist"},
        {"preset": "xavier-tanh"},
        {"preset": "relu-xavier"},
        {"preset": "rbm", "hero": "compare"},
        {"preset": "rbm", "hero": "recon"}
      ]
    },
    "overfitting": {
      "lab": "overfitting",
      "steps": [
        {"preset": "bishop-3"},
        {"preset": "bishop-1"},
        {"preset": "bishop-9"},
        {"preset": "bishop-9", "sweep": true, "hero": "sweep"},
        {"preset": "bishop-9-n100"},
        {"preset": "bishop-9-ridge"},
        {"preset": "mlp-overfit", "hero": "loss"},
        {"preset": "dropout", "hero": "loss"},
        {"preset": "bishop-9-lasso", "hero": "weights"},
        {"preset": "mlp-batchnorm", "hero": "loss"},
        {"preset": "features-all", "hero": "loss"},
        {"preset": "features-two", "hero": "loss"},
        {"preset": "raw-units"},
        {"preset": "raw-zscore"},
        {"preset": "raw-minmax"},
        {"preset": "bishop-9", "hero": "captable"}
      ]
    }
  }
};
