using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>
/// SORT's constant-velocity Kalman filter over one box: state [cx, cy, s, r, vx, vy, vs] (centre, area, aspect ratio
/// w/h and the velocities of the first three), measurement [cx, cy, s, r]. Noise settings are abewley/sort's, so one
/// step of <see cref="Predict"/> with steps = 1 is exactly its per-frame prediction. All matrix work runs on fixed-size
/// buffers: nothing is allocated after construction.
/// </summary>
public sealed class KalmanBoxFilter
{
    private const int N = 7; // state size
    private const int M = 4; // measurement size

    // SORT: R = I with R[2:,2:] *= 10; Q = I with Q[4:,4:] *= 0.01 and Q[-1,-1] *= 0.01; P0 = 10·I with P0[4:,4:] *= 1000.
    private static readonly double[] MeasurementNoise = [1, 1, 10, 10];
    private static readonly double[] ProcessNoisePerStep = [1, 1, 1, 1, 0.01, 0.01, 0.0001];
    private static readonly double[] InitialVariance = [10, 10, 10, 10, 10000, 10000, 10000];

    private readonly double[] _x = new double[N];
    private readonly double[] _p = new double[N * N];

    public KalmanBoxFilter(in BoundingBox box) => Reset(box);

    /// <summary>The current estimate as a box; its fields are NaN when the estimated area or aspect went negative.</summary>
    public BoundingBox Box
    {
        get
        {
            var w = Math.Sqrt(_x[2] * _x[3]);
            var h = _x[2] / w;
            return new BoundingBox((float)(_x[0] - w / 2), (float)(_x[1] - h / 2), (float)w, (float)h);
        }
    }

    /// <summary>Starts over at <paramref name="box"/> with SORT's initial uncertainty (velocities unknown).</summary>
    public void Reset(in BoundingBox box)
    {
        Span<double> z = stackalloc double[M];
        ToMeasurement(box, z);
        Array.Clear(_x);
        z.CopyTo(_x);
        Array.Clear(_p);
        for (var i = 0; i < N; i++) _p[i * N + i] = InitialVariance[i];
    }

    /// <summary>Advances the state by <paramref name="steps"/> motion steps (fractions allowed; 1 = one SORT frame).</summary>
    public void Predict(double steps)
    {
        // SORT stops the area from shrinking through zero.
        if (_x[2] + steps * _x[6] <= 0) _x[6] = 0;
        for (var i = 0; i < 3; i++) _x[i] += steps * _x[i + 4];

        // P = F P Fᵀ + Q·steps with F = I + steps·(velocity → position), done as two row/column updates.
        var p = _p.AsSpan();
        for (var r = 0; r < 3; r++)
        for (var c = 0; c < N; c++)
            p[r * N + c] += steps * p[(r + 4) * N + c];
        for (var r = 0; r < N; r++)
        for (var c = 0; c < 3; c++)
            p[r * N + c] += steps * p[r * N + c + 4];
        for (var i = 0; i < N; i++) p[i * N + i] += steps * ProcessNoisePerStep[i];
    }

    /// <summary>Corrects the state with a measured box (filterpy's update with the Joseph-form covariance, as SORT runs it).</summary>
    public void Update(in BoundingBox box)
    {
        Span<double> z = stackalloc double[M];
        ToMeasurement(box, z);
        var p = _p.AsSpan();

        // S = H P Hᵀ + R is the top-left 4×4 block of P plus R.
        Span<double> sInverse = stackalloc double[M * M];
        for (var r = 0; r < M; r++)
        for (var c = 0; c < M; c++)
            sInverse[r * M + c] = p[r * N + c] + (r == c ? MeasurementNoise[r] : 0);
        Invert4x4(sInverse);

        // K = P Hᵀ S⁻¹ (7×4); P Hᵀ is the first four columns of P.
        Span<double> k = stackalloc double[N * M];
        for (var r = 0; r < N; r++)
        for (var c = 0; c < M; c++)
        {
            var sum = 0.0;
            for (var i = 0; i < M; i++) sum += p[r * N + i] * sInverse[i * M + c];
            k[r * M + c] = sum;
        }

        Span<double> innovation = stackalloc double[M];
        for (var i = 0; i < M; i++) innovation[i] = z[i] - _x[i];
        for (var r = 0; r < N; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < M; i++) sum += k[r * M + i] * innovation[i];
            _x[r] += sum;
        }

        // P = (I − K H) P (I − K H)ᵀ + K R Kᵀ: stays symmetric and positive even with rounding.
        Span<double> a = stackalloc double[N * N];
        for (var r = 0; r < N; r++)
        for (var c = 0; c < N; c++)
            a[r * N + c] = (r == c ? 1 : 0) - (c < M ? k[r * M + c] : 0);
        Span<double> ap = stackalloc double[N * N];
        Multiply(a, p, ap);
        for (var r = 0; r < N; r++)
        for (var c = 0; c < N; c++)
        {
            var sum = 0.0;
            for (var i = 0; i < N; i++) sum += ap[r * N + i] * a[c * N + i];
            for (var i = 0; i < M; i++) sum += k[r * M + i] * MeasurementNoise[i] * k[c * M + i];
            p[r * N + c] = sum;
        }
    }

    private static void ToMeasurement(in BoundingBox box, Span<double> z)
    {
        double w = box.Width, h = box.Height;
        z[0] = box.X + w / 2;
        z[1] = box.Y + h / 2;
        z[2] = w * h;
        z[3] = w / h;
    }

    private static void Multiply(ReadOnlySpan<double> left, ReadOnlySpan<double> right, Span<double> product)
    {
        for (var r = 0; r < N; r++)
        for (var c = 0; c < N; c++)
        {
            var sum = 0.0;
            for (var i = 0; i < N; i++) sum += left[r * N + i] * right[i * N + c];
            product[r * N + c] = sum;
        }
    }

    /// <summary>Gauss–Jordan inversion with partial pivoting, in place. S is symmetric positive definite here.</summary>
    private static void Invert4x4(Span<double> m)
    {
        Span<double> inverse = stackalloc double[M * M];
        for (var i = 0; i < M; i++) inverse[i * M + i] = 1;
        for (var col = 0; col < M; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < M; r++)
                if (Math.Abs(m[r * M + col]) > Math.Abs(m[pivot * M + col])) pivot = r;
            if (pivot != col)
                for (var c = 0; c < M; c++)
                {
                    (m[col * M + c], m[pivot * M + c]) = (m[pivot * M + c], m[col * M + c]);
                    (inverse[col * M + c], inverse[pivot * M + c]) = (inverse[pivot * M + c], inverse[col * M + c]);
                }
            var scale = 1 / m[col * M + col];
            for (var c = 0; c < M; c++)
            {
                m[col * M + c] *= scale;
                inverse[col * M + c] *= scale;
            }
            for (var r = 0; r < M; r++)
            {
                if (r == col) continue;
                var factor = m[r * M + col];
                if (factor == 0) continue;
                for (var c = 0; c < M; c++)
                {
                    m[r * M + c] -= factor * m[col * M + c];
                    inverse[r * M + c] -= factor * inverse[col * M + c];
                }
            }
        }
        inverse.CopyTo(m);
    }
}
