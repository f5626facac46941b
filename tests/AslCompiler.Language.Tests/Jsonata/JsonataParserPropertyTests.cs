using System.Diagnostics;
using AslCompiler.Language.Jsonata;
using CsCheck;

namespace AslCompiler.Language.Tests.Jsonata;

/// <summary>No input crashes, hangs or overflows the parser; what parses prints back to the same tree.</summary>
public sealed class JsonataParserPropertyTests
{
    private static readonly string[] Tokens =
    {
        "a", "b", "$", "$$", "$x", "$f", "`q r`", "1", "2.5", "1e3", "'s'", "\"t\"", "true", "null",
        ".", "[", "]", "{", "}", "(", ")", ",", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">",
        "^", "&", "!", "~", "..", ":=", "!=", "<=", ">=", "**", "~>", "and", "or", "in", "@", "#",
        "function", "λ", "/x/", "/*c*/", " ", "\\", "\"\\u", "`", "'", "\"",
    };

    private static readonly Gen<string> TokenSoup =
        Gen.Int[0, Tokens.Length - 1].Array[0, 40].Select(indexes => string.Concat(indexes.Select(i => Tokens[i])));

    private static readonly Gen<string> CharSoup = Gen.String[Gen.Char["ab$.[]{}()/*'\"`\\%#@^&|~<>=!?:;,-+0123456789eλ \n"], 0, 60];

    /// <summary>A corpus expression with random edits: delete, duplicate or insert a token at random places.</summary>
    private static readonly Gen<string> MutatedCorpus =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue].Array[1, 4], Gen.Int[0, Tokens.Length - 1].Array[4], (pick, edits, tokens) =>
        {
            var cases = JsonataCorpus.All;
            var text = cases[pick % cases.Count].Expression;
            for (var k = 0; k < edits.Length; k++)
            {
                var at = text.Length == 0 ? 0 : edits[k] % (text.Length + 1);
                switch (edits[k] % 3)
                {
                    case 0 when text.Length > 0:
                        var length = Math.Min(1 + (edits[k] % 5), text.Length - Math.Min(at, text.Length - 1));
                        text = text.Remove(Math.Min(at, text.Length - 1), length);
                        break;
                    case 1:
                        text = text.Insert(at, Tokens[tokens[k % tokens.Length]]);
                        break;
                    default:
                        text = text.Insert(at, text.Substring(0, at));
                        break;
                }
            }

            return text;
        });

    private static void ParsesCleanly(string expression)
    {
        var watch = Stopwatch.StartNew();
        var result = JsonataParser.Parse(expression);
        watch.Stop();
        Assert.True(watch.ElapsedMilliseconds < 30_000, $"took {watch.ElapsedMilliseconds} ms: {expression}");
        if (result.Success)
        {
            Assert.Null(result.Error);
            var printed = result.Root.ToString();
            var again = JsonataParser.Parse(printed);
            Assert.True(again.Success, $"{expression} printed as {printed}: {again.Error}");
            Assert.Equal(printed, again.Root.ToString());
            Assert.Equal(result.Root.ToFullyParenthesizedString(), again.Root.ToFullyParenthesizedString());
            _ = result.References;
        }
        else
        {
            Assert.StartsWith(result.Error.Code[0] == 'U' ? "U1001" : "S0", result.Error.Code, StringComparison.Ordinal);
            Assert.InRange(result.Error.Start, 0, expression.Length);
            Assert.InRange(result.Error.End, result.Error.Start, expression.Length);
        }
    }

    [Fact]
    public void Random_token_sequences_parse_or_fail_cleanly() => TokenSoup.Sample(ParsesCleanly, iter: 20000);

    [Fact]
    public void Random_character_strings_parse_or_fail_cleanly() => CharSoup.Sample(ParsesCleanly, iter: 20000);

    [Fact]
    public void Mutated_corpus_expressions_parse_or_fail_cleanly() => MutatedCorpus.Sample(ParsesCleanly, iter: 5000);

    public static TheoryData<string> HostileInputs()
    {
        return new TheoryData<string>
        {
            new string('(', 100_000),
            new string('[', 100_000),
            new string('{', 100_000),
            new string('-', 100_000) + "1",
            string.Concat(Enumerable.Repeat("$a:=", 50_000)),
            string.Concat(Enumerable.Repeat("a?b:", 50_000)),
            string.Concat(Enumerable.Repeat("a.", 100_000)) + "a",
            string.Concat(Enumerable.Repeat("1+", 100_000)) + "1",
            string.Concat(Enumerable.Repeat("a[", 50_000)),
            string.Concat(Enumerable.Repeat("$f(", 50_000)),
            string.Concat(Enumerable.Repeat("function($x){", 30_000)),
            string.Concat(Enumerable.Repeat("|a|", 50_000)),
            string.Concat(Enumerable.Repeat("a^(", 50_000)),
            string.Concat(Enumerable.Repeat("%.", 50_000)) + "a",
            string.Concat(Enumerable.Repeat("a[]", 100_000)),
            string.Concat(Enumerable.Repeat("/*", 100_000)),
            "/" + new string('\\', 200_001) + "/",
            "\"" + new string('a', 500_000),
            string.Concat(Enumerable.Repeat("$match(a, /(/)", 20_000)),
            string.Concat(Enumerable.Repeat("function($x)<a<a<", 20_000)),
        };
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Hostile_inputs_fail_fast_on_a_small_stack(string expression)
    {
        JsonataParseResult? result = null;
        Exception? failure = null;
        var watch = Stopwatch.StartNew();
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = JsonataParser.Parse(expression);
                    if (result.Success)
                    {
                        _ = result.Root.ToString();
                        _ = result.References;
                    }
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            256 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "parser did not finish");
        watch.Stop();
        Assert.Null(failure);
        Assert.NotNull(result);
        Assert.True(watch.ElapsedMilliseconds < 60_000, $"took {watch.ElapsedMilliseconds} ms");
    }
}
