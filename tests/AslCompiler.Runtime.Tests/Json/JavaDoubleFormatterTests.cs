using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Json;

/// <summary>The length the payload check takes for a double is the length of the text Java would write for it.</summary>
public class JavaDoubleFormatterTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(12345678.9, "1.23456789E7")]
    [InlineData(-2.2250738585072014E-308, "-2.2250738585072014E-308")]
    [InlineData(double.Epsilon, "4.9E-324")] // the shortest is 5E-324: Java writes the closest two-digit decimal
    [InlineData(2 * double.Epsilon, "9.9E-324")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(100.5, "100.5")]
    [InlineData(1e21, "1.0E21")]
    [InlineData(1.5e-10, "1.5E-10")]
    public void Known_doubles_have_Java_text_and_its_length(double value, string text)
    {
        Assert.Equal(text, JavaDoubleFormatter.Format(value));
        Assert.Equal(text.Length, JavaDoubleFormatter.Length(value));
    }

    [Fact]
    public void The_length_is_the_text_length_for_random_doubles()
    {
        var random = new Random(20261205);
        Span<byte> bits = stackalloc byte[8];
        for (var i = 0; i < 200_000; i++)
        {
            double value;
            switch (i % 4)
            {
                case 0:
                    // Any bit pattern: every exponent, subnormals, NaN and infinities included.
                    random.NextBytes(bits);
                    value = BitConverter.ToDouble(bits);
                    break;
                case 1:
                    // Around the plain/scientific edges (1e-3, 1e7) and across the usual magnitudes.
                    value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 13));
                    break;
                case 2:
                    // Short decimals, as JSON payloads usually hold.
                    value = Math.Round(random.NextDouble() * 10_000, random.Next(0, 5)) * (random.Next(2) == 0 ? 1 : -1);
                    break;
                default:
                    // Whole numbers, with trailing zeros.
                    value = random.Next(1, 10) * Math.Pow(10, random.Next(0, 25));
                    break;
            }

            var text = JavaDoubleFormatter.Format(value);
            var shortest = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(text.Length == JavaDoubleFormatter.Length(value), shortest + ": " + text);
            if (double.IsFinite(value))
            {
                // The text reads back as the value, with the shortest form's significant digits (two at least).
                Assert.True(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) == value, shortest + ": " + text);
                Assert.True(Math.Max(2, SignificantDigits(shortest)) >= SignificantDigits(text), shortest + ": " + text);
            }
        }
    }

    [Fact]
    public void Short_decimals_take_the_quick_path_and_print_as_the_round_trip_digits_do()
    {
        var random = new Random(20261206);
        Span<char> text = stackalloc char[32];
        var quick = 0;
        foreach (var value in ShortDecimals(random).Take(300_000))
        {
            var expected = JavaDoubleFormatter.FormatDigits(value);
            if (JavaDoubleFormatter.TryFormatShort(value, text, out var written))
            {
                quick++;
                Assert.True(expected == new string(text[..written]), value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ": " + new string(text[..written]) + " != " + expected);
            }

            Assert.Equal(expected, JavaDoubleFormatter.Format(value));
            Assert.Equal(expected.Length, JavaDoubleFormatter.Length(value));
        }

        // Many of them are decimals of at most six fraction digits in the plain range.
        Assert.True(quick > 50_000, quick + " took the quick path");
    }

    [Theory]
    [InlineData(0.001, true)]
    [InlineData(0.0009999999999999998, false)]
    [InlineData(9999999.999999, true)]
    [InlineData(9999999.9999999, false)]
    [InlineData(1e7, false)]
    [InlineData(0.1234567, false)]
    [InlineData(0.30000000000000004, false)]
    [InlineData(-4.0, true)]
    [InlineData(double.NaN, false)]
    [InlineData(0.0, false)]
    public void The_quick_path_takes_only_plain_decimals_of_six_fraction_digits(double value, bool taken)
    {
        Span<char> text = stackalloc char[32];
        Assert.Equal(taken, JavaDoubleFormatter.TryFormatShort(value, text, out _));
    }

    private static IEnumerable<double> ShortDecimals(Random random)
    {
        while (true)
        {
            var fractionDigits = random.Next(0, 8);
            var units = random.NextInt64(1, 10_000_000_000_000);
            var magnitude = random.Next(0, 14);
            var value = units / Math.Pow(10, magnitude) / Math.Pow(10, fractionDigits) * (random.Next(2) == 0 ? 1 : -1);
            yield return value;
            yield return double.Parse((units % 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture) + "e-" + fractionDigits, System.Globalization.CultureInfo.InvariantCulture);
            yield return Math.BitIncrement(value);
        }
    }

    private static int SignificantDigits(string text)
    {
        var mantissa = text.Split('E', 'e')[0].Replace("-", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal).Trim('0');
        return Math.Max(1, mantissa.Length);
    }
}
