using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tests.Evaluation;

public sealed class MotFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rv-mot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "file.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_commas_whitespace_extra_columns_and_float_ids()
    {
        var rows = MotFile.Read(Write("1,2,10.5,20,30,40,0.9,-1,-1,-1\n\n2 3 1 2 3 4 1 4.4852 5.5016 0\n3.0,-1,5,6,7,8\n"));

        Assert.Equal(
            [
                new MotRow(1, 2, new BoundingBox(10.5f, 20, 30, 40), 0.9f),
                new MotRow(2, 3, new BoundingBox(1, 2, 3, 4), 1),
                new MotRow(3, -1, new BoundingBox(5, 6, 7, 8), 1),
            ],
            rows);
    }

    [Theory]
    [InlineData("1,2,3,4,5\n", 1, "at least 6 columns")]
    [InlineData("1,2,3,4,5,6\nx,2,3,4,5,6\n", 2, "frame 'x'")]
    [InlineData("1,2,3,4,5,6\n1,2,3,four,5,6\n", 2, "y 'four'")]
    [InlineData("1,2.5,3,4,5,6\n", 1, "id '2.5'")]
    [InlineData("0,2,3,4,5,6\n", 1, "1-based")]
    public void Names_file_and_line_of_a_bad_row(string text, int line, string problem)
    {
        var path = Write(text);
        var error = Assert.Throws<FormatException>(() => MotFile.Read(path));
        Assert.Contains($"{path}:{line}:", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Writes_what_it_reads_back_exactly()
    {
        MotRow[] rows = [new(1, 7, new BoundingBox(612.685f, 243.8f, 38.38f, 73.58f), 0.987064f), new(12, 8, new BoundingBox(-3, 0, 1e-3f, 1e5f), 1)];
        var path = Path.Combine(_dir, "out.txt");

        MotFile.Write(path, rows);

        Assert.Equal(rows, MotFile.Read(path));
        Assert.EndsWith(",1,-1,-1,-1", File.ReadAllLines(path)[1]);
    }
}
