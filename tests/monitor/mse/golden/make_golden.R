# Golden values for schakel.monitor.mse from R's glm (issue 7).
#
# For every capture table in ../data/*.csv this script fits Poisson log-linear models with
# glm(family = poisson) on all 2^K - 1 observable cells (zero counts included) and writes
# N = observed + exp(intercept), the standard error of N, deviance, AIC, BIC and the
# coefficients to golden.json. The Python tests (test_golden.py) compare our package with
# these numbers, so CI does not need R.
#
# Regenerate (needs only base R, e.g. Debian's r-base-core; R 4.2.2 was used):
#   cd tests/monitor/mse/golden && Rscript make_golden.R
#
# Models per table: main effects; Rcapture's Mth Poisson2 and Mth Darroch heterogeneity
# terms; and fixed sets of two-list interactions given literally below (the models that
# Silverman's UK rule and SparseMSE's stepwise rule select on that table, plus the
# Artificial_3 existence/identifiability cases and Rcapture's Mt + history 111111 on hare).
# The term lists are written out here rather than computed, so R checks the fits, not our
# selection code; the selection rules are checked against published results elsewhere.
#
# Where a model contains a pair of lists that nobody is on together ("empty overlap"),
# its interaction has no finite MLE and plain glm drives it towards -Inf; the intercept
# (and N) still converges, to the extended MLE. For those models the script also records
# SparseMSE's exact treatment (modelfit/buildmodel in SparseMSE 2.0: drop every cell with
# both lists and the term, add 2 to the AIC per empty overlap) as "reduced".

options(warn = 1)
tolerance <- glm.control(epsilon = 1e-14, maxit = 200)

fixed_models <- list(
  Artificial_3 = list(
    "A:B" = c("A:B"),
    "A:C" = c("A:C"),
    "B:C" = c("B:C"),
    "A:C+B:C" = c("A:C", "B:C"),
    "A:B+A:C+B:C" = c("A:B", "A:C", "B:C")
  ),
  Australia = list(uk_sparse = c("A:B", "B:C", "B:D")),
  HIV = list(uk = c("c1:c2")),
  Kosovo = list(uk_sparse = c("EXH:ABA", "EXH:OSCE", "EXH:HRW", "ABA:OSCE", "OSCE:HRW")),
  Ned = list(
    uk = c("K:P", "O:Z", "P:Z"),
    sparse = c("I:K", "I:Z", "K:O", "K:R", "O:P", "O:Z", "P:R", "P:Z")
  ),
  Ned_5 = list(
    uk = c("IO:P", "IO:Z", "P:R", "P:Z"),
    sparse = c("IO:K", "IO:P", "IO:Z", "K:R", "P:R", "P:Z")
  ),
  NewOrl = list(
    uk = c("A:D", "A:E", "A:G", "B:F", "C:G", "D:E", "E:H"),
    sparse = c("D:E")
  ),
  NewOrl_5 = list(),
  UKdat = list(uk_sparse = c("LA:NG", "LA:PF", "NG:GO", "NG:GP", "PF:GP", "PF:NCA", "GO:GP")),
  UKdat_4 = list(uk_sparse = c("LA:NG", "LA:PFNCA", "NG:GO")),
  UKdat_5 = list(uk_sparse = c("LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO")),
  Western = list(uk_sparse = c("A:E")),
  hare = list(uk = c("t3:t6", "t4:t6")),
  lesbian = list(
    uk = c("A:B", "A:C", "A:D", "B:C", "B:D", "C:D"),
    sparse = c("A:D", "B:C", "B:D", "C:D")
  )
)

# ---- a minimal JSON writer (base R has none) -------------------------------------------

json_number <- function(x) {
  if (length(x) != 1 || is.na(x) || !is.finite(x)) return("null")
  sprintf("%.17g", x)
}
json_string <- function(x) paste0('"', gsub('"', '\\"', x, fixed = TRUE), '"')
json_value <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      items <- vapply(names(x), function(k) paste0(json_string(k), ": ", json_value(x[[k]])), "")
      return(paste0("{", paste(items, collapse = ", "), "}"))
    }
    return(paste0("[", paste(vapply(x, json_value, ""), collapse = ", "), "]"))
  }
  if (is.character(x)) {
    if (length(x) == 1 && is.null(attr(x, "array"))) return(json_string(x))
    return(paste0("[", paste(vapply(x, json_string, ""), collapse = ", "), "]"))
  }
  if (is.logical(x) && length(x) == 1) return(if (isTRUE(x)) "true" else "false")
  if (!is.null(names(x))) {
    items <- vapply(names(x), function(k) paste0(json_string(k), ": ", json_number(x[[k]])), "")
    return(paste0("{", paste(items, collapse = ", "), "}"))
  }
  if (length(x) == 1) return(json_number(x))
  paste0("[", paste(vapply(x, json_number, ""), collapse = ", "), "]")
}
as_array <- function(x) structure(as.character(x), array = TRUE)

# ---- tables and models ---------------------------------------------------------------

read_table <- function(path) {
  raw <- read.csv(path, check.names = FALSE)
  lists <- setdiff(names(raw), "count")
  k <- length(lists)
  grid <- as.matrix(expand.grid(rep(list(0:1), k)))
  grid <- grid[rowSums(grid) > 0, , drop = FALSE]
  colnames(grid) <- lists
  code <- function(m) as.vector(as.matrix(m) %*% (2^(seq_len(k) - 1)))
  counts <- numeric(nrow(grid))
  counts[match(code(raw[, lists]), code(grid))] <- raw$count
  cells <- as.data.frame(grid)
  cells$count <- counts
  list(lists = lists, cells = cells)
}

quote_term <- function(term) {
  paste(paste0("`", strsplit(term, ":", fixed = TRUE)[[1]], "`"), collapse = ":")
}

fit_glm <- function(cells, lists, terms, extra = character(0), empty = character(0)) {
  rhs <- c(paste0("`", lists, "`"), vapply(terms, quote_term, ""), extra)
  form <- as.formula(paste("count ~", paste(rhs, collapse = " + ")))
  fit <- glm(form, family = poisson, data = cells, control = tolerance)
  b <- coef(fit)
  v <- vcov(fit)
  b0 <- unname(b[1])
  var0 <- v[1, 1]
  unseen <- exp(b0)
  n <- sum(cells$count)
  p <- fit$rank + length(empty)
  loglik <- as.numeric(logLik(fit))
  names(b) <- gsub("`", "", names(b))
  list(
    estimate = n + unseen,
    std_error = sqrt(unseen + unseen^2 * var0),
    intercept = b0,
    se_intercept = sqrt(var0),
    deviance = deviance(fit),
    loglik = loglik,
    aic = -2 * loglik + 2 * p,
    bic = -2 * loglik + p * log(nrow(cells)),
    rank = fit$rank,
    n_cells = nrow(cells),
    converged = fit$converged,
    iterations = fit$iter,
    aliased = as_array(names(b)[is.na(b)]),
    min_fitted = min(fitted(fit)),
    coefficients = b
  )
}

empty_pairs <- function(cells, terms) {
  Filter(function(term) {
    parts <- strsplit(term, ":", fixed = TRUE)[[1]]
    sum(cells[[parts[1]]] * cells[[parts[2]]] * cells$count) == 0
  }, terms)
}

fit_model <- function(table, terms, extra = character(0)) {
  cells <- table$cells
  empty <- unlist(empty_pairs(cells, terms))
  entry <- list(terms = as_array(terms), extra = as_array(extra),
                empty_overlaps = as_array(if (is.null(empty)) character(0) else empty),
                glm = fit_glm(cells, table$lists, terms, extra))
  if (length(empty) > 0) {
    # SparseMSE's treatment: drop the cells on both lists of each empty pair and the term.
    keep <- rep(TRUE, nrow(cells))
    for (term in empty) {
      parts <- strsplit(term, ":", fixed = TRUE)[[1]]
      keep <- keep & !(cells[[parts[1]]] == 1 & cells[[parts[2]]] == 1)
    }
    reduced <- fit_glm(cells[keep, ], table$lists, setdiff(terms, empty), extra, empty = empty)
    # BIC counts all observable cells, as the full model's would.
    reduced$bic <- -2 * reduced$loglik + (reduced$rank + length(empty)) * log(nrow(cells))
    entry$reduced <- reduced
  }
  entry
}

data_dir <- file.path("..", "data")
files <- sort(list.files(data_dir, pattern = "\\.csv$"))
golden <- list()
for (file in files) {
  name <- sub("\\.csv$", "", file)
  table <- read_table(file.path(data_dir, file))
  k <- length(table$lists)
  table$cells$het_poisson2 <- 2^rowSums(table$cells[, table$lists]) - 1
  table$cells$het_darroch <- rowSums(table$cells[, table$lists])^2 / 2
  table$cells$history_all <- as.numeric(rowSums(table$cells[, table$lists]) == k)
  models <- list(
    main = fit_model(table, character(0)),
    mth_poisson2 = fit_model(table, character(0), "het_poisson2"),
    mth_darroch = fit_model(table, character(0), "het_darroch")
  )
  if (name == "hare") models[["mt_history_111111"]] <- fit_model(table, character(0), "history_all")
  for (label in names(fixed_models[[name]])) {
    models[[label]] <- fit_model(table, fixed_models[[name]][[label]])
  }
  golden[[name]] <- list(lists = as_array(table$lists), n_observed = sum(table$cells$count),
                         models = models)
  cat(sprintf("%-13s K=%d  %s\n", name, k,
              paste(sprintf("%s %.6f", names(models),
                            vapply(models, function(m) m$glm$estimate, 0)), collapse = "; ")))
}

header <- list(
  generator = "tests/monitor/mse/golden/make_golden.R",
  r_version = R.version.string,
  glm_control = list(epsilon = tolerance$epsilon, maxit = tolerance$maxit),
  note = paste("N = observed + exp(intercept); std_error = sqrt(f0 + f0^2 var(intercept));",
               "aic/bic count empty-overlap parameters (R's rank + 1 per empty overlap);",
               "'reduced' is SparseMSE's fit without the cells of empty overlaps.")
)
writeLines(json_value(list(meta = header, tables = golden)), "golden.json")
cat("wrote golden.json\n")
