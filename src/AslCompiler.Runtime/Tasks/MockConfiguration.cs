using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tasks;

/// <summary>
/// Mocked task responses in the format of AWS Step Functions Local's MockConfigFile:
/// <c>{"StateMachines":{"Name":{"TestCases":{"Case":{"State":"ResponseName"}}}},
/// "MockedResponses":{"ResponseName":{"0":{"Return":...},"1-2":{"Throw":{"Error":"...","Cause":"..."}}}}}</c>.
/// </summary>
public sealed class MockConfiguration
{
    private readonly JsonValue _root;

    private MockConfiguration(JsonValue root) => _root = root;

    /// <summary>Reads a configuration; throws <see cref="FormatException"/> with what is wrong and where.</summary>
    public static MockConfiguration Parse(JsonValue root)
    {
        if (!root.IsObject)
        {
            throw new FormatException("The mock configuration must be a JSON object.");
        }

        if (!root["MockedResponses"].IsUndefined && !root["MockedResponses"].IsObject)
        {
            throw new FormatException("MockedResponses must be an object.");
        }

        return new MockConfiguration(root);
    }

    /// <summary>The names of the state machines that have test cases.</summary>
    public IEnumerable<string> StateMachineNames =>
        _root["StateMachines"].TryGetObject(out var machines) ? machines.Names : [];

    /// <summary>Finds a test case; with a null <paramref name="stateMachineName"/>, the first machine that has it.</summary>
    public MockTestCase GetTestCase(string? stateMachineName, string testCaseName)
    {
        ArgumentNullException.ThrowIfNull(testCaseName);
        if (!_root["StateMachines"].TryGetObject(out var machines))
        {
            throw new FormatException("The mock configuration has no StateMachines.");
        }

        foreach (var machine in machines.AsSpan())
        {
            if (stateMachineName is not null && machine.Key != stateMachineName)
            {
                continue;
            }

            if (!machine.Value.IsObject)
            {
                throw new FormatException("StateMachines/" + machine.Key + " must be an object (with TestCases).");
            }

            var testCases = machine.Value["TestCases"];
            if (!testCases.IsUndefined && !testCases.IsObject)
            {
                throw new FormatException("StateMachines/" + machine.Key + "/TestCases must be an object (test case name to state → response name).");
            }

            var testCase = testCases[testCaseName];
            if (testCase.IsUndefined)
            {
                continue;
            }

            if (!testCase.TryGetObject(out var states))
            {
                throw new FormatException("StateMachines/" + machine.Key + "/TestCases/" + testCaseName + " must be an object (state name → response name).");
            }

            var responses = new Dictionary<string, MockedResponse>(StringComparer.Ordinal);
            foreach (var state in states.AsSpan())
            {
                if (!state.Value.TryGetString(out var responseName))
                {
                    throw new FormatException("TestCases/" + testCaseName + "/" + state.Key + " must name a mocked response.");
                }

                var response = _root["MockedResponses"][responseName];
                if (!response.TryGetObject(out var entries))
                {
                    throw new FormatException("MockedResponses/" + responseName + " is not defined.");
                }

                responses[state.Key] = MockedResponse.Create(responseName, entries);
            }

            return new MockTestCase(testCaseName, responses);
        }

        throw new FormatException("The test case '" + testCaseName + "' was not found" + (stateMachineName is null ? "." : " for the state machine '" + stateMachineName + "'."));
    }
}

/// <summary>The mocked responses of one test case, by state name.</summary>
public sealed class MockTestCase
{
    private readonly Dictionary<string, MockedResponse> _responses;

    /// <summary>Creates a test case.</summary>
    public MockTestCase(string name, IReadOnlyDictionary<string, MockedResponse> responses)
    {
        Name = name;
        _responses = new Dictionary<string, MockedResponse>(responses, StringComparer.Ordinal);
    }

    /// <summary>The test case name.</summary>
    public string Name { get; }

    /// <summary>The mocked response for a state, if any.</summary>
    public bool TryGet(string stateName, out MockedResponse? response) => _responses.TryGetValue(stateName, out response);
}

/// <summary>One mocked response: a Return value or a Throw per invocation number (0-based; ranges like <c>"1-2"</c>).</summary>
public sealed class MockedResponse
{
    private readonly List<(int From, int To, JsonValue Entry)> _entries;

    private MockedResponse(string name, List<(int From, int To, JsonValue Entry)> entries)
    {
        Name = name;
        _entries = entries;
    }

    /// <summary>The response's name.</summary>
    public string Name { get; }

    /// <summary>Builds a response from its JSON members.</summary>
    public static MockedResponse Create(string name, JsonObjectValue entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new FormatException("MockedResponses/" + name + " has no invocation (\"0\": {\"Return\": ...} or {\"Throw\": ...}).");
        }

        var list = new List<(int, int, JsonValue)>();
        foreach (var member in entries.AsSpan())
        {
            var key = member.Key;
            var dash = key.IndexOf('-', StringComparison.Ordinal);
            if (!int.TryParse(dash < 0 ? key : key[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from) ||
                !int.TryParse(dash < 0 ? key : key[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                throw new FormatException("MockedResponses/" + name + ": '" + key + "' is not an invocation number or range like \"1-2\" (numbers from 0 to 2147483647).");
            }

            if (to < from)
            {
                throw new FormatException("MockedResponses/" + name + ": the range '" + key + "' ends before it starts.");
            }

            var entry = member.Value;
            var returned = !entry["Return"].IsUndefined;
            var thrown = entry["Throw"];
            if (returned == !thrown.IsUndefined)
            {
                throw new FormatException("MockedResponses/" + name + "/" + key + (returned ? " has both Return and Throw; it takes one." : " needs Return or Throw."));
            }

            if (!returned)
            {
                if (!thrown.IsObject)
                {
                    throw new FormatException("MockedResponses/" + name + "/" + key + "/Throw must be an object ({\"Error\": \"...\", \"Cause\": \"...\"}).");
                }

                foreach (var field in (ReadOnlySpan<string>)["Error", "Cause"])
                {
                    if (!thrown[field].IsUndefined && !thrown[field].IsString)
                    {
                        throw new FormatException("MockedResponses/" + name + "/" + key + "/Throw/" + field + " must be a string, not " + thrown[field].ToJsonString() + ".");
                    }
                }
            }

            list.Add((from, to, member.Value));
        }

        return new MockedResponse(name, list);
    }

    /// <summary>The entry for an invocation (0-based); past the last range, the last entry repeats.</summary>
    public JsonValue GetEntry(int invocation)
    {
        foreach (var (from, to, entry) in _entries)
        {
            if (invocation >= from && invocation <= to)
            {
                return entry;
            }
        }

        return _entries.Count == 0 ? default : _entries[^1].Entry;
    }
}
