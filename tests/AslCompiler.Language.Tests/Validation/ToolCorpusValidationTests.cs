using System.Text.Json;
using AslCompiler.Language.Tests.Infrastructure;
using AslCompiler.Language.Validation;
using Xunit.Abstractions;

namespace AslCompiler.Language.Tests.Validation;

/// <summary>
/// The verdicts of asl-validator, statelint and the AWS language service on their own fixtures. Where a tool
/// disagrees with AWS, AWS wins: those files are listed in <c>KnownDisagreements.txt</c> with the reason, and each
/// corpus must keep at least its floor of agreeing verdicts.
/// </summary>
public class ToolCorpusValidationTests(ITestOutputHelper output)
{
    private static readonly Lazy<Dictionary<string, string>> Disagreements = new(LoadDisagreements);

    public static IEnumerable<object[]> Corpora() => new[]
    {
        new object[] { "asl-validator", 104 },
        new object[] { "statelint", 60 },
        new object[] { "asl-service", 82 },
    };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Verdicts_agree_with_the_tool_except_the_documented_disagreements(string corpus, int floor)
    {
        var agree = 0;
        var unexpected = new List<string>();
        var staleDisagreements = new List<string>();
        var cases = ToolCorpus.Cases(corpus);
        foreach (var (id, expectedValid, text) in cases)
        {
            var result = AslValidator.Validate(text);
            var agrees = result.IsOk == expectedValid;
            var listed = Disagreements.Value.ContainsKey(id);
            if (agrees)
            {
                agree++;
                if (listed)
                {
                    staleDisagreements.Add(id);
                }
            }
            else if (!listed)
            {
                unexpected.Add($"{id}: expected {(expectedValid ? "OK" : "FAIL")}, got {ValidationResult.ToAwsString(result.Result)} " +
                    string.Join(" | ", result.Diagnostics.Select(d => $"{d.Code} {d.Location} {d.Message}")));
            }
        }

        output.WriteLine($"{corpus}: {agree}/{cases.Count} verdicts agree");
        foreach (var line in unexpected)
        {
            output.WriteLine(line);
        }

        Assert.Empty(unexpected);
        Assert.Empty(staleDisagreements);
        Assert.True(agree >= floor, $"{corpus}: only {agree} verdicts agree (floor {floor})");
    }

    private static Dictionary<string, string> LoadDisagreements()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Validation", "KnownDisagreements.txt");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var bar = line.IndexOf('|', StringComparison.Ordinal);
            Assert.True(bar > 0, "KnownDisagreements.txt: every entry is 'file | reason': " + line);
            var reason = line[(bar + 1)..].Trim();
            Assert.False(string.IsNullOrEmpty(reason), "KnownDisagreements.txt: no reason for " + line);
            map.Add(line[..bar].Trim(), reason);
        }

        return map;
    }
}

/// <summary>The fixtures of the three tool corpora with the verdict each tool expects.</summary>
internal static class ToolCorpus
{
    public static IReadOnlyList<(string Id, bool ExpectedValid, string Text)> Cases(string corpus)
    {
        var list = new List<(string, bool, string)>();
        switch (corpus)
        {
            case "asl-validator":
                foreach (var file in Directory.GetFiles(CorpusPaths.InCorpus("asl-validator/definitions"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(file);
                    list.Add(("asl-validator/definitions/" + name, name.StartsWith("valid-", StringComparison.Ordinal), File.ReadAllText(file)));
                }

                break;
            case "statelint":
                using (var manifest = JsonDocument.Parse(File.ReadAllText(CorpusPaths.InCorpus("statelint/manifest.json"))))
                {
                    foreach (var item in manifest.RootElement.GetProperty("cases").EnumerateArray())
                    {
                        var file = "statelint/" + item.GetProperty("file").GetString();
                        list.Add((file, item.GetProperty("expected").GetString() == "valid", File.ReadAllText(CorpusPaths.InCorpus(file))));
                    }
                }

                break;
            case "asl-service":
                using (var manifest = JsonDocument.Parse(File.ReadAllText(CorpusPaths.InCorpus("asl-service/manifest.json"))))
                {
                    foreach (var item in manifest.RootElement.GetProperty("cases").EnumerateArray())
                    {
                        var file = "asl-service/" + item.GetProperty("fixture").GetString();
                        if (!item.TryGetProperty("expected", out var verdict) ||
                            (verdict.GetString() == "valid" && item.TryGetProperty("ignoreMessages", out _)))
                        {
                            // No-throw-only cases, and "valid" cases that hide some of the service's messages: no verdict to compare.
                            continue;
                        }

                        list.Add((file, verdict.GetString() == "valid", File.ReadAllText(CorpusPaths.InCorpus(file))));
                    }
                }

                break;
        }

        return list;
    }
}
