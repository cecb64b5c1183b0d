package dev.nn.core.kernels.elementwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and tanh on vectors, from additions, multiplications and fused multiply-adds only. The Vector
 * API's own EXP and TANH run the JDK's SVML routines once the JIT has compiled the caller and a
 * per-lane {@link Math} loop before: the two round differently, so a training run would not repeat
 * bit for bit (and would depend on when compilation happened). IEEE arithmetic rounds the same in
 * both, so these do. Both are within 2 ulps of {@link Math#exp} and {@link Math#tanh} (tested).
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504f;
    /** ln 2 split so that k·LN2_HI is exact for |k| < 2^9 (Cody and Waite). */
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    /** The clamp on x that keeps 2^k normal; results below the smallest normal float become 0. */
    private static final float EXP_MIN = -87.34f;
    /** Taylor coefficients of e^r, 1/n!, for |r| ≤ ln2/2, to 1/7! (the next term is below 2^-24 relative). */
    private static final float E2 = 1f / 2, E3 = 1f / 6, E4 = 1f / 24, E5 = 1f / 120, E6 = 1f / 720, E7 = 1f / 5040;
    /** Below this |x|, tanh uses its Taylor series; from here (1 − e^−2|x|)/(1 + e^−2|x|) loses nothing. */
    private static final float TANH_SERIES_LIMIT = 0.5f;
    /** Taylor coefficients of tanh x = x + x³·(T3 + x²·(T5 + …)), to x¹⁹ (the next term is 5·10⁻¹⁰ at 0.5). */
    private static final float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835,
            T11 = -1382f / 155925, T13 = 21844f / 6081075, T15 = -929569f / 638512875,
            T17 = 6404582f / 10854718875f, T19 = -443861162f / 1856156927625f;

    private VectorMath() {
    }

    /**
     * e^x for x ≤ 0 (larger x is not needed by its callers and is not handled); 0 where e^x is below
     * the smallest normal float, as in the scalar twins.
     */
    static FloatVector expNonPositive(FloatVector x) {
        FloatVector clamped = x.max(EXP_MIN);
        FloatVector shifted = clamped.mul(LOG2E).add(ROUNDER);
        FloatVector k = shifted.sub(ROUNDER);
        IntVector kBits = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER));
        FloatVector r = k.mul(-LN2_HI).add(clamped).add(k.mul(-LN2_LO));
        FloatVector p = r.mul(E7).add(E6).mul(r).add(E5).mul(r).add(E4).mul(r).add(E3).mul(r).add(E2).mul(r).add(1f).mul(r).add(1f);
        FloatVector twoToK = kBits.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = p.mul(twoToK);
        VectorMask<Float> underflow = e.compare(VectorOperators.LT, Float.MIN_NORMAL).or(x.compare(VectorOperators.LT, EXP_MIN));
        return e.blend(0f, underflow);
    }

    /** tanh x. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector x2 = x.mul(x);
        FloatVector series = x2.mul(T19).add(T17).mul(x2).add(T15).mul(x2).add(T13).mul(x2).add(T11).mul(x2).add(T9)
                .mul(x2).add(T7).mul(x2).add(T5).mul(x2).add(T3).mul(x2).mul(x).add(x);
        FloatVector u = expNonPositive(a.mul(-2f));
        FloatVector large = FloatVector.broadcast(S, 1f).sub(u).div(u.add(1f));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(series, a.compare(VectorOperators.LT, TANH_SERIES_LIMIT));
    }
}
