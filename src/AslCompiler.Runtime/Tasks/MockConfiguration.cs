using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

    // The test cases read so far, by machine (null: the first that has it) and name: a server that picks one per
    // execution reads each once, not at every start. A test case that does not read is not kept (it throws again).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string? Machine, string TestCase), MockTestCase> _read = new();

    private MockConfiguration(JsonValue root) => _root = root;

    /// <summary>Reads a configuration from its JSON text (a MockConfigFile's content).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="FormatException">The text is not JSON (its line and column), or not a configuration (what is wrong and where).</exception>
    public static MockConfiguration Parse(string json) => Parse(JsonValue.ParseDocument(json, "The mock configuration is"));

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

    /// <summary>Whether the state machine <paramref name="stateMachineName"/> has the test case <paramref name="testCaseName"/> (read or not).</summary>
    public bool HasTestCase(string stateMachineName, string testCaseName) =>
        _root["StateMachines"][stateMachineName]["TestCases"].TryGetObject(out var testCases) && !testCases[testCaseName].IsUndefined;

    /// <summary>Finds a test case; with a null <paramref name="stateMachineName"/>, the first machine that has it.</summary>
    public MockTestCase GetTestCase(string? stateMachineName, string testCaseName)
    {
        ArgumentNullException.ThrowIfNull(testCaseName);
        return _read.GetOrAdd((stateMachineName, testCaseName), key => Read(key.Machine, key.TestCase));
    }

    private MockTestCase Read(string? stateMachineName, string testCaseName)
    {
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

            if (testCases.IsUndefined && stateMachineName is not null)
            {
                // {"StateMachines":{"M":{"HappyPath":{...}}}}: the test cases one level too high.
                throw new FormatException("StateMachines/" + machine.Key + " has no TestCases member; it takes {\"TestCases\": {\"" + testCaseName + "\": {\"StateName\": \"ResponseName\"}}}"
                    + (machine.Value.TryGetObject(out var members) && members.Count > 0 ? ", not " + Quoted(members.Names) + " directly." : "."));
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
            var warnings = new List<string>();
            foreach (var state in states.AsSpan())
            {
                if (!state.Value.TryGetString(out var responseName))
                {
                    throw new FormatException("TestCases/" + testCaseName + "/" + state.Key + " must name a mocked response.");
                }

                var response = _root["MockedResponses"][responseName];
                if (!response.TryGetObject(out var entries))
                {
                    throw new FormatException("MockedResponses/" + responseName + " is not defined"
                        + (_root["MockedResponses"].IsUndefined ? " (the mock configuration has no MockedResponses member)." : "."));
                }

                var mocked = MockedResponse.Create(responseName, entries);
                responses[state.Key] = mocked;
                warnings.AddRange(mocked.Warnings);
            }

            return new MockTestCase(testCaseName, responses) { Warnings = [.. warnings.Distinct(StringComparer.Ordinal)] };
        }

        // Name what the file has: the machine's test cases, or (the machine is not in the file, perhaps under another
        // spelling: asl run names it after the file, a generated class after itself) the machines it mocks.
        var known = stateMachineName is null ? string.Empty
            : !machines[stateMachineName].TryGetObject(out var named)
                ? machines.Count > 0 ? " (the file mocks no state machine of that name; it mocks " + Quoted(machines.Names) + ")" : string.Empty
                : named["TestCases"].TryGetObject(out var cases) && cases.Count > 0 ? " (its test cases: " + Quoted(cases.Names) + ")" : string.Empty;
        throw new FormatException("The test case '" + testCaseName + "' was not found" + (stateMachineName is null ? "." : " for the state machine '" + stateMachineName + "'" + known + "."));
    }

    /// <summary>
    /// Reads every test case of every state machine, as <see cref="GetTestCase"/> reads one, so a configuration whose test
    /// cases are picked per execution (<c>#TestCase</c> on a started ARN) is checked whole before the first one; throws
    /// <see cref="FormatException"/> at the first thing wrong.
    /// </summary>
    /// <returns>Each state machine's name with one of its test cases, in the file's order.</returns>
    public IReadOnlyList<(string StateMachineName, MockTestCase TestCase)> ReadAllTestCases()
    {
        if (!_root["StateMachines"].TryGetObject(out var machines))
        {
            throw new FormatException("The mock configuration has no StateMachines.");
        }

        var all = new List<(string, MockTestCase)>();
        foreach (var machine in machines.AsSpan())
        {
            if (!machine.Value["TestCases"].TryGetObject(out var testCases))
            {
                // GetTestCase says what is wrong with the machine's member (not an object, no TestCases, TestCases not an object).
                GetTestCase(machine.Key, "TestCaseName");
                continue;
            }

            foreach (var testCase in testCases.AsSpan())
            {
                all.Add((machine.Key, GetTestCase(machine.Key, testCase.Key)));
            }
        }

        return all;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(name => "'" + name + "'"));
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

    /// <summary>
    /// The states this test case mocks that <paramref name="program"/> does not have at any depth (a misspelt state name
    /// mocks nothing, and the real handler runs instead): what <c>asl run --mock</c> warns about, for a test to assert
    /// empty (<c>Assert.Empty(testCase.StatesNotIn(Orders.Program))</c>). Sorted by name.
    /// </summary>
    /// <param name="program">The program the test case is meant for (a generated class's <c>Program</c>, or the interpreter's).</param>
    /// <returns>The state names, empty when every mocked state is in the program.</returns>
    public IReadOnlyList<string> StatesNotIn(Execution.StateMachineProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var graphs = new Stack<Execution.GraphProgram>();
        graphs.Push(program.Root);
        while (graphs.Count > 0)
        {
            foreach (var state in graphs.Pop().States)
            {
                names.Add(state.Name);
                if (state is Execution.MapProgram map)
                {
                    graphs.Push(map.Processor);
                }
                else if (state is Execution.ParallelProgram parallel)
                {
                    foreach (var branch in parallel.Branches)
                    {
                        graphs.Push(branch);
                    }
                }
            }
        }

        return [.. _responses.Keys.Where(name => !names.Contains(name)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// What the test case's responses state that Step Functions Local's format does not allow but that still runs (a
    /// <c>Throw</c> without <c>Error</c>), one sentence each, naming the place; empty when there is nothing to say.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One mocked response: a Return value or a Throw per invocation number (0-based; ranges like <c>"1-2"</c>).</summary>
public sealed class MockedResponse
{
    private readonly List<(int From, int To, JsonValue Entry)> _entries;

    private MockedResponse(string name, List<(int From, int To, JsonValue Entry)> entries, IReadOnlyList<string> warnings)
    {
        Name = name;
        _entries = entries;
        Warnings = warnings;
    }

    /// <summary>The response's name.</summary>
    public string Name { get; }

    /// <summary>
    /// What the response states that Step Functions Local's format does not allow but that still runs: a <c>Throw</c>
    /// without <c>Error</c> (the task fails with <c>States.TaskFailed</c>; a callback task with no error name, as a
    /// <c>SendTaskFailure</c> without one does).
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Builds a response from its JSON members.</summary>
    public static MockedResponse Create(string name, JsonObjectValue entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new FormatException("MockedResponses/" + name + " has no invocation (\"0\": {\"Return\": ...} or {\"Throw\": ...}).");
        }

        var list = new List<(int, int, JsonValue)>();
        var warnings = new List<string>();
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

            // {"Return": 1, "Repeat": 3}: an entry is only its Return or its Throw (repetition is a range key, "0-2").
            foreach (var field in entry.GetObject().Names)
            {
                if (field is not ("Return" or "Throw"))
                {
                    throw new FormatException("MockedResponses/" + name + "/" + key + " has the member '" + field + "'; an invocation takes only Return or Throw (repeat a response with a range key such as \"0-2\").");
                }
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

                // {"error": "..."}: a misspelt member would leave the task failing without the error meant, which no Retry
                // or Catch naming that error handles.
                foreach (var field in thrown.GetObject().Names)
                {
                    if (field is not ("Error" or "Cause"))
                    {
                        throw new FormatException("MockedResponses/" + name + "/" + key + "/Throw has the member '" + field + "'; a Throw takes only Error and Cause.");
                    }
                }

                if (thrown["Error"].IsUndefined)
                {
                    warnings.Add("MockedResponses/" + name + "/" + key + "/Throw has no Error (Step Functions Local's format requires one): the task fails with States.TaskFailed, or with no error name when it waits for a callback (.waitForTaskToken).");
                }
            }

            list.Add((from, to, member.Value));
        }

        // Every invocation from 0 up to the last one a range names has exactly one response, as the MockConfigFile
        // requires: a gap or an overlap is a mistake in the file, not a response to pick.
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        var next = 0L;
        for (var i = 0; i < list.Count; i++)
        {
            var (from, to, _) = list[i];
            if (from > next)
            {
                throw new FormatException("MockedResponses/" + name + " has no response for the invocation" + (from - next > 1 ? "s " + next.ToString(CultureInfo.InvariantCulture) + "-" + (from - 1).ToString(CultureInfo.InvariantCulture) : " " + next.ToString(CultureInfo.InvariantCulture))
                    + ": every invocation from 0 to the last needs one (\"0\", \"1-2\", \"3\" ...).");
            }

            if (from < next)
            {
                throw new FormatException("MockedResponses/" + name + ": the invocations '" + KeyOf(list[i - 1]) + "' and '" + KeyOf(list[i]) + "' overlap; each invocation takes one response.");
            }

            next = (long)to + 1;
        }

        return new MockedResponse(name, list, warnings);
    }

    private static string KeyOf((int From, int To, JsonValue Entry) entry) =>
        entry.From == entry.To
            ? entry.From.ToString(CultureInfo.InvariantCulture)
            : entry.From.ToString(CultureInfo.InvariantCulture) + "-" + entry.To.ToString(CultureInfo.InvariantCulture);

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
