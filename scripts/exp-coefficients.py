# The coefficients of activation.rs's exp_clamped: e^r = 1 + r + r²·g(r) on |r| ≤ ln2/2,
# g fitted at Chebyshev nodes (near-minimax) with mpmath (pip install mpmath), degree 9, so
# e^r to degree 11; prints the relative error with the coefficients rounded to f64.
# Degree 8 (printed first) would leave ~1e-15, i.e. several ulp: too coarse.
import mpmath as mp
mp.mp.dps = 40
h = mp.log(2)/2
def g(r):
    if abs(r) < mp.mpf('1e-30'): return mp.mpf(1)/2
    return (mp.exp(r) - 1 - r)/r**2
for deg in (8, 9):
    poly, err = mp.chebyfit(g, [-h, h], deg+1, error=True)
    # poly highest first; compute relative error of 1 + r + r^2 g_fit(r) vs exp
    c = [mp.mpf(float(x)) for x in poly]  # rounded to f64
    worst = 0
    for i in range(2001):
        r = -h + 2*h*i/2000
        p = 1 + r + r**2 * mp.polyval(c, r)
        worst = max(worst, abs(p/mp.exp(r) - 1))
    print(deg+2, 'total degree; g fit err', mp.nstr(err, 5), 'rel err with f64 coeffs', mp.nstr(worst, 5))
    print([repr(float(x)) for x in poly])
