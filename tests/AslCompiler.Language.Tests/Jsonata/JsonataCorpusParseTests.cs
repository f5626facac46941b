using AslCompiler.Language.Jsonata;

namespace AslCompiler.Language.Tests.Jsonata;

/// <summary>
/// The official JSONata 2.0.6 suite, parse half: every case expecting a syntax error code (S0xxx) must fail to parse
/// with exactly that code; every other case must parse. Exceptions are in JsonataCorpusSkipList.txt with a reason.
/// </summary>
public sealed class JsonataCorpusParseTests
{
    /// <summary>Cases parsing as expected must never drop below this.</summary>
    private const int PassFloor = 1625;

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var item in JsonataCorpus.All)
        {
            data.Add(item.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_parses_as_the_reference_does(string id)
    {
        var item = JsonataCorpus.All.Single(c => c.Id == id);
        if (JsonataCorpusSkipList.Reasons.ContainsKey(id))
        {
            return;
        }

        Assert.Null(Check(item));
    }

    [Fact]
    public void Pass_count_does_not_drop_below_the_floor_and_skips_are_current()
    {
        var passed = 0;
        var failures = new List<string>();
        foreach (var item in JsonataCorpus.All)
        {
            var problem = Check(item);
            if (problem is null)
            {
                passed++;
                Assert.False(JsonataCorpusSkipList.Reasons.ContainsKey(item.Id), $"{item.Id} passes now: remove it from the skip list");
            }
            else if (!JsonataCorpusSkipList.Reasons.ContainsKey(item.Id))
            {
                failures.Add(problem);
            }
        }

        Assert.Equal(1625, JsonataCorpus.All.Count);
        Assert.True(passed >= PassFloor, $"{passed}/{JsonataCorpus.All.Count} cases parse as expected (floor {PassFloor}); failures:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Every_parsed_case_prints_to_text_that_parses_to_the_same_tree()
    {
        var mismatches = new List<string>();
        var checkedCount = 0;
        foreach (var item in JsonataCorpus.All)
        {
            var result = JsonataParser.Parse(item.Expression);
            if (!result.Success)
            {
                continue;
            }

            checkedCount++;
            var printed = result.Root.ToString();
            var again = JsonataParser.Parse(printed);
            if (!again.Success)
            {
                mismatches.Add($"{item.Id}: {printed} -> {again.Error}");
            }
            else if (again.Root.ToString() != printed || again.Root.ToFullyParenthesizedString() != result.Root.ToFullyParenthesizedString())
            {
                mismatches.Add($"{item.Id}: {printed} -> {again.Root}");
            }
        }

        Assert.True(checkedCount > 1500);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>Null when the case parses as the reference does, otherwise a description of the difference.</summary>
    private static string? Check(JsonataCorpusCase item)
    {
        var result = JsonataParser.Parse(item.Expression);
        var expectsSyntaxError = item.ExpectedCode is not null && item.ExpectedCode.StartsWith("S0", StringComparison.Ordinal);
        if (expectsSyntaxError)
        {
            if (result.Success)
            {
                return $"{item.Id}: expected {item.ExpectedCode} but parsed: {item.Expression}";
            }

            if (result.Error.Code != item.ExpectedCode)
            {
                return $"{item.Id}: expected {item.ExpectedCode} but got {result.Error}: {item.Expression}";
            }

            return item.ExpectedToken is null || item.ExpectedToken == result.Error.Token
                ? null
                : $"{item.Id}: expected token {item.ExpectedToken} but got {result.Error.Token}";
        }

        return result.Success ? null : $"{item.Id}: unexpected {result.Error}: {item.Expression}";
    }
}
