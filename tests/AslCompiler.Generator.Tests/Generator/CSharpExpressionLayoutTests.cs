using System.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Long generated expressions laid out over lines: only white space outside literals changes, lists that do not fit are
/// broken one level deeper, literals holding brackets, commas and quotes are kept whole, and text the layout cannot
/// follow stays on one line. (The JSONata corpus compiles and runs its expressions laid out: JsonataCompiledCorpusTests.)
/// </summary>
public sealed class CSharpExpressionLayoutTests
{
    [Fact]
    public void An_expression_that_fits_is_one_line()
    {
        Assert.Equal(["F(a, b)"], CSharpExpressionLayout.Lines("F(a, b)", 40));
    }

    [Fact]
    public void A_call_that_does_not_fit_keeps_its_simple_leading_arguments_and_breaks_before_the_others()
    {
        var lines = CSharpExpressionLayout.Lines("Outer(x, s, 1, Inner(alpha, beta, gamma), Other(delta), last)", 30);
        Assert.Equal(
            [
                "Outer(x, s, 1,",
                "    Inner(alpha, beta, gamma),",
                "    Other(delta),",
                "    last)",
            ],
            lines);
    }

    [Fact]
    public void Nested_calls_break_level_by_level_and_array_initializers_keep_their_braces()
    {
        var lines = CSharpExpressionLayout.Lines("A(new T[] { static (s1, x1) => B(s1, \"one\"), static (s2, x2) => C(x2) }, D(E(1, 2), 3))", 40);
        Assert.Equal(
            [
                "A(",
                "    new T[] {",
                "        static (s1, x1) => B(s1, \"one\"),",
                "        static (s2, x2) => C(x2) },",
                "    D(E(1, 2), 3))",
            ],
            lines);
    }

    [Fact]
    public void A_generated_JSONata_method_spans_lines_within_the_width()
    {
        const string definition = """
            {"QueryLanguage":"JSONata","StartAt":"J","States":{"J":{"Type":"Pass","Output":"{% {'total': $sum($states.input.items.(price * qty)), 'names': $join($states.input.items[qty > 1].sku, ', '), 'big': $count($states.input.items[price > 5]) > 0 ? 'yes' : 'no'} %}","End":true}}}
            """;
        var (_, source) = GeneratorHarness.Generate("Flows/Long.asl.json", definition); // compiles without warnings
        var lines = source.Split('\n');
        var start = Array.FindIndex(lines, l => l.Contains("private static object? Jsonata1(", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, start, l => l.Length == 0);
        var body = lines[(start + 1)..end];
        Assert.True(body.Length > 20, string.Join("\n", body));
        Assert.All(body, line => Assert.True(line.Length <= 140, line)); // 116 where a break allows it (a lambda head is one run)
        Assert.EndsWith(";", body[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("F(\"a(b, c)\\\"d\", 'x', ')', '\\'', G(\"]\", \"{\"), \"\\\\\")")]
    [InlineData("F(@\"a \"\"(quoted)\"\" b\", G(1, 2, 3), H(\"x, y\"))")]
    [InlineData("Outer(Middle(Inner(1, 2, 3, 4, 5, 6), Inner(7, 8, 9, 10, 11, 12)), new object?[] { null, \"}\" }, x => x ? A(1) : B(2))")]
    public void Only_white_space_outside_literals_changes(string expression)
    {
        for (var width = 4; width <= expression.Length + 1; width += 3)
        {
            var lines = CSharpExpressionLayout.Lines(expression, width);
            Assert.Equal(WithoutSpaceOutsideLiterals(expression), WithoutSpaceOutsideLiterals(string.Join("\n", lines)));
        }
    }

    [Theory]
    [InlineData("F(a, b")]
    [InlineData("F(a, b))")]
    [InlineData("F(\"unterminated, b)")]
    [InlineData("F(a, b] + G(c)")]
    public void Text_the_layout_cannot_follow_stays_on_one_line(string expression)
    {
        Assert.Equal([expression], CSharpExpressionLayout.Lines(expression, 4));
    }

    /// <summary>The text with the white space outside string and character literals removed.</summary>
    private static string WithoutSpaceOutsideLiterals(string text)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                var verbatim = c == '"' && i > 0 && text[i - 1] == '@';
                sb.Append(c);
                for (i++; i < text.Length; i++)
                {
                    sb.Append(text[i]);
                    if (text[i] == '\\' && !verbatim)
                    {
                        sb.Append(text[++i]);
                    }
                    else if (text[i] == c)
                    {
                        if (verbatim && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            sb.Append(text[++i]);
                            continue;
                        }

                        break;
                    }
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
