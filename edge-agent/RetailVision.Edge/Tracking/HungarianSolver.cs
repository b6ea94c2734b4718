namespace RetailVision.Edge.Tracking;

/// <summary>
/// Exact minimum-cost assignment on a rectangular cost matrix (Kuhn–Munkres with Jonker–Volgenant style shortest
/// augmenting paths, O(n²·m)). Every row of the smaller side is assigned. Buffers are kept between calls and grow only
/// when a larger matrix arrives, so repeated solving does not allocate.
/// </summary>
public sealed class HungarianSolver
{
    private double[] _u = [];
    private double[] _v = [];
    private double[] _minSlack = [];
    private int[] _rowOfColumn = [];
    private int[] _previousColumn = [];
    private bool[] _visited = [];

    /// <summary>
    /// Solves for the row-major <paramref name="rows"/>×<paramref name="columns"/> matrix of finite
    /// <paramref name="costs"/>. Writes the column given to each row into <paramref name="columnOfRow"/> (-1 for the
    /// rows left over when there are more rows than columns) and returns the total cost.
    /// </summary>
    public double Solve(ReadOnlySpan<double> costs, int rows, int columns, Span<int> columnOfRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (costs.Length < rows * columns) throw new ArgumentException("fewer costs than rows × columns", nameof(costs));
        if (columnOfRow.Length < rows) throw new ArgumentException("shorter than the number of rows", nameof(columnOfRow));

        columnOfRow[..rows].Fill(-1);
        if (rows == 0 || columns == 0) return 0;

        // The algorithm assigns every row of a matrix with no more rows than columns; a tall matrix is solved transposed.
        var transposed = rows > columns;
        var n = transposed ? columns : rows;
        var m = transposed ? rows : columns;
        EnsureCapacity(n, m);
        Run(costs, columns, transposed, n, m);

        var total = 0.0;
        for (var j = 1; j <= m; j++)
        {
            var i = _rowOfColumn[j];
            if (i == 0) continue;
            var (row, column) = transposed ? (j - 1, i - 1) : (i - 1, j - 1);
            columnOfRow[row] = column;
            total += costs[row * columns + column];
        }
        return total;
    }

    /// <summary>The e-maxx formulation, 1-based with a virtual column 0 that holds the row being inserted.</summary>
    private void Run(ReadOnlySpan<double> costs, int stride, bool transposed, int n, int m)
    {
        var u = _u.AsSpan(0, n + 1);
        var v = _v.AsSpan(0, m + 1);
        var rowOfColumn = _rowOfColumn.AsSpan(0, m + 1);
        var previousColumn = _previousColumn.AsSpan(0, m + 1);
        var minSlack = _minSlack.AsSpan(0, m + 1);
        var visited = _visited.AsSpan(0, m + 1);
        u.Clear();
        v.Clear();
        rowOfColumn.Clear();

        for (var i = 1; i <= n; i++)
        {
            rowOfColumn[0] = i;
            var column = 0;
            minSlack.Fill(double.PositiveInfinity);
            visited.Clear();
            do
            {
                visited[column] = true;
                var row = rowOfColumn[column];
                var delta = double.PositiveInfinity;
                var next = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (visited[j]) continue;
                    var cost = transposed ? costs[(j - 1) * stride + row - 1] : costs[(row - 1) * stride + j - 1];
                    var slack = cost - u[row] - v[j];
                    if (slack < minSlack[j])
                    {
                        minSlack[j] = slack;
                        previousColumn[j] = column;
                    }
                    if (minSlack[j] < delta)
                    {
                        delta = minSlack[j];
                        next = j;
                    }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (visited[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minSlack[j] -= delta;
                    }
                }
                column = next;
            } while (rowOfColumn[column] != 0);

            // Flip the augmenting path back to the virtual column.
            do
            {
                var previous = previousColumn[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }
    }

    private void EnsureCapacity(int n, int m)
    {
        if (_u.Length < n + 1) _u = new double[Math.Max(n + 1, 2 * _u.Length)];
        if (_v.Length >= m + 1) return;
        var size = Math.Max(m + 1, 2 * _v.Length);
        _v = new double[size];
        _minSlack = new double[size];
        _rowOfColumn = new int[size];
        _previousColumn = new int[size];
        _visited = new bool[size];
    }
}
