using System.Globalization;
using System.Text.RegularExpressions;

namespace AslCompiler.Server.Tests;

/// <summary>
/// The AWS Step Functions API reference (../shared/reference/step-functions-api-reference.txt beside the repository),
/// read into what the wire tests need of each action: its request members with their type and constraints, the member
/// names of its response syntax, and its documented errors with their HTTP status.
/// </summary>
public sealed partial class ApiReference
{
    private ApiReference(IReadOnlyDictionary<string, ApiAction> actions) => Actions = actions;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static ApiReference Instance { get; } = Load();

    public IReadOnlyDictionary<string, ApiAction> Actions { get; }

    /// <summary>The errors every action may answer (the Common Errors section), with their HTTP status.</summary>
    public IReadOnlyDictionary<string, int> CommonErrors { get; private init; } = new Dictionary<string, int>();

    private static ApiReference Load()
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference", "step-functions-api-reference.txt"));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The API reference was not found beside the repository.", path);
        }

        var lines = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => !l.Contains("API Version 2016-11-23", StringComparison.Ordinal) && l != "AWS Step Functions API Reference")
            .ToList();
        var names = typeof(AslCompiler.Runtime.Api.IStepFunctions).GetMethods().Select(m => m.Name[..^"Async".Length]).ToHashSet(StringComparer.Ordinal);
        var headings = new List<(string Name, int Line)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (names.Contains(lines[i]) && headings.All(h => h.Name != lines[i]) && StartsSection(lines, i))
            {
                headings.Add((lines[i], i));
            }
        }

        var dataTypes = lines.FindIndex(headings.Max(h => h.Line), l => l == "Data Types");
        var actions = new Dictionary<string, ApiAction>(StringComparer.Ordinal);
        for (var h = 0; h < headings.Count; h++)
        {
            var end = h + 1 < headings.Count ? headings[h + 1].Line : (dataTypes > 0 ? dataTypes : lines.Count);
            actions[headings[h].Name] = ParseAction(headings[h].Name, lines.GetRange(headings[h].Line, end - headings[h].Line));
        }

        var common = lines.FindLastIndex(l => l == "Common Errors");
        return new ApiReference(actions) { CommonErrors = ParseErrors(lines.GetRange(common + 1, lines.Count - common - 1)) };
    }

    private static bool StartsSection(List<string> lines, int heading)
    {
        for (var i = heading + 1; i < Math.Min(lines.Count, heading + 120); i++)
        {
            if (lines[i].StartsWith("Request Syntax", StringComparison.Ordinal))
            {
                return true;
            }

            if (lines[i].StartsWith("Errors", StringComparison.Ordinal) || lines[i].StartsWith("See Also", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return false;
    }

    private static ApiAction ParseAction(string name, List<string> lines)
    {
        int Find(string prefix, int from = 0) => lines.FindIndex(from, l => l.StartsWith(prefix, StringComparison.Ordinal));
        var parameters = Find("Request Parameters");
        var responseSyntax = Find("Response Syntax", Math.Max(parameters, 0));
        var responseElements = Find("Response Elements", Math.Max(parameters, 0));
        var errors = Find("Errors", Math.Max(responseElements, 0));
        var seeAlso = Find("See Also", Math.Max(errors, 0));
        var parametersEnd = responseSyntax >= 0 ? responseSyntax : responseElements;
        var members = ParseMembers(lines.GetRange(parameters + 1, parametersEnd - parameters - 1));
        var responseMembers = new HashSet<string>(StringComparer.Ordinal);
        if (responseSyntax >= 0)
        {
            foreach (Match m in MemberName().Matches(string.Join('\n', lines.GetRange(responseSyntax, responseElements - responseSyntax))))
            {
                responseMembers.Add(m.Groups[1].Value);
            }
        }

        var documented = ParseErrors(lines.GetRange(errors + 1, (seeAlso > 0 ? seeAlso : lines.Count) - errors - 1));
        return new ApiAction(name, members, responseSyntax >= 0 ? responseMembers : null, documented);
    }

    private static Dictionary<string, ApiMember> ParseMembers(List<string> lines)
    {
        var members = new Dictionary<string, ApiMember>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!Identifier().IsMatch(lines[i]))
            {
                continue;
            }

            // A member: its name alone on a line, then its description, then "Type: ..." before the next member.
            var type = lines.FindIndex(i + 1, l => l.StartsWith("Type: ", StringComparison.Ordinal));
            var required = type < 0 ? -1 : lines.FindIndex(type, l => l.StartsWith("Required: ", StringComparison.Ordinal));
            if (type < 0 || required < 0 || lines.Skip(i + 1).Take(type - i - 1).Any(l => Identifier().IsMatch(l)))
            {
                continue;
            }

            var block = string.Join(' ', lines.GetRange(type, required - type + 1));
            members[lines[i]] = new ApiMember(
                lines[i],
                lines[type]["Type: ".Length..],
                lines[required].EndsWith("Yes", StringComparison.Ordinal),
                Bound(block, @"Minimum length of (\d+)"),
                Bound(block, @"Maximum length of (\d+)"),
                Bound(block, @"Minimum value of (-?\d+)"),
                Bound(block, @"Maximum value of (-?\d+)"),
                ValidValues(block));
            i = required;
        }

        return members;
    }

    private static long? Bound(string block, string pattern) =>
        Regex.Match(block, pattern) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string[]? ValidValues(string block)
    {
        var m = Regex.Match(block, @"Valid Values: (.*?)(?: Required:| Pattern:| Length Constraints:|$)");
        return m.Success ? m.Groups[1].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
    }

    private static Dictionary<string, int> ParseErrors(List<string> lines)
    {
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in lines)
        {
            if (ErrorName().IsMatch(line))
            {
                current = line;
            }
            else if (current is not null && line.StartsWith("HTTP Status Code: ", StringComparison.Ordinal))
            {
                errors[current] = int.Parse(line["HTTP Status Code: ".Length..], CultureInfo.InvariantCulture);
                current = null;
            }
        }

        return errors;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (AslCompiler.sln) was not found.");
    }

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]+$")]
    private static partial Regex ErrorName();

    [GeneratedRegex("\"(\\w+)\"\\s*:")]
    private static partial Regex MemberName();
}

/// <summary>One action of the reference.</summary>
public sealed record ApiAction(string Name, IReadOnlyDictionary<string, ApiMember> Members, IReadOnlySet<string>? ResponseMembers, IReadOnlyDictionary<string, int> Errors);

/// <summary>One top-level request member: its reference type (<c>String</c>, <c>Integer</c>, <c>Array of Tag objects</c>, ...) and constraints.</summary>
public sealed record ApiMember(string Name, string Type, bool Required, long? MinLength, long? MaxLength, long? MinValue, long? MaxValue, IReadOnlyList<string>? ValidValues);
