using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Tests.Tracking;

public sealed class HungarianSolverTests
{
    [Fact]
    public void Finds_the_minimum_cost_of_brute_force_on_random_rectangular_matrices()
    {
        var random = new Random(20240531);
        var solver = new HungarianSolver(); // one instance throughout: buffers reused as sizes change
        for (var trial = 0; trial < 2000; trial++)
        {
            int rows = random.Next(1, 7), columns = random.Next(1, 7);
            var costs = new double[rows * columns];
            // Small integers give many ties; negatives cover SORT's −IoU costs.
            for (var i = 0; i < costs.Length; i++) costs[i] = trial % 2 == 0 ? random.Next(-5, 6) : random.NextDouble() * 100 - 50;
            var columnOfRow = new int[rows];

            var total = solver.Solve(costs, rows, columns, columnOfRow);

            Assert.Equal(BruteForceMinimum(costs, rows, columns), total, 1e-9);
            var assigned = columnOfRow.Where(c => c >= 0).ToArray();
            Assert.Equal(Math.Min(rows, columns), assigned.Length);
            Assert.Equal(assigned.Length, assigned.Distinct().Count());
            Assert.Equal(total, columnOfRow.Select((c, r) => c >= 0 ? costs[r * columns + c] : 0).Sum(), 1e-9);
        }
    }

    [Fact]
    public void Handles_empty_matrices()
    {
        var columnOfRow = new[] { 7, 7 };

        Assert.Equal(0, new HungarianSolver().Solve([], 2, 0, columnOfRow));
        Assert.Equal(new[] { -1, -1 }, columnOfRow);
    }

    /// <summary>Every injective pairing of the smaller side into the larger one.</summary>
    private static double BruteForceMinimum(double[] costs, int rows, int columns)
    {
        var best = double.PositiveInfinity;
        var used = new bool[Math.Max(rows, columns)];
        void Search(int index, double sum)
        {
            if (index == Math.Min(rows, columns))
            {
                best = Math.Min(best, sum);
                return;
            }
            for (var other = 0; other < Math.Max(rows, columns); other++)
            {
                if (used[other]) continue;
                used[other] = true;
                Search(index + 1, sum + (rows <= columns ? costs[index * columns + other] : costs[other * columns + index]));
                used[other] = false;
            }
        }
        Search(0, 0);
        return best;
    }
}
