namespace RetailVision.Models.Tests;

public sealed class InputSizeTests
{
    [Fact]
    public void WidthComesFirst()
    {
        var size = InputSize.Parse("416x320");

        Assert.Equal(416, size.Width);
        Assert.Equal(320, size.Height);
        Assert.Equal("416x320", size.ToString());
    }

    [Theory]
    [InlineData("416")]
    [InlineData("416x")]
    [InlineData("-32x32")]
    [InlineData("0x32")]
    [InlineData("32*32")]
    public void MalformedSizesAreRejected(string text) =>
        Assert.Throws<FormatException>(() => InputSize.Parse(text));

    [Fact]
    public void SizesMustBeMultiplesOfTheStride()
    {
        new InputSize(640, 352).EnsureMultipleOf(32);
        var error = Assert.Throws<ArgumentException>(() => new InputSize(640, 360).EnsureMultipleOf(32));
        Assert.Contains("640x360", error.Message);
    }
}
