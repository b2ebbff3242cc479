using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scout.Actors.AgentWire;
using Scout.Actors.SampleIntake;
using Scout.Agent.Metrics;
using Scout.Tests.Support;
using Xunit;

namespace Scout.Tests.Actors.SampleIntake;

/// <summary>
/// The node's one pass over an agent's sample: what it writes for browsers, and what it refuses of the JSON's shape.
/// (The figures' rules are SampleBoundsTests'.)
/// </summary>
public sealed class AgentSampleReaderTests
{
    private static readonly MetricsSample Good = Samples.At("s1", 1_800_000_000_000);

    /// <summary>What browsers got when nodes wrote the sample object with the wire's options.</summary>
    private static byte[] AsObject(MetricsSample sample) =>
        JsonSerializer.SerializeToUtf8Bytes(sample, new JsonSerializerOptions(MetricsJson.Options)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    private static string? ProblemOf(string json)
    {
        Samples.Read(Encoding.UTF8.GetBytes(json), out var problem);
        return problem;
    }

    private static string GoodJson => Encoding.UTF8.GetString(Samples.AgentJson(Good));

    private static JsonObject GoodNode() => JsonNode.Parse(GoodJson)!.AsObject();

    [Fact]
    public void A_real_reading_of_this_machine_is_written_byte_for_byte_as_the_sample_object_was()
    {
        MetricsSample reading;
        using (var source = new ProcMetricsSource())
        {
            source.Read();
            reading = source.Read() with { ServerId = "srv-1" };
        }
        // Two reads milliseconds apart measure a busy process over a few ticks' worth of time, where one tick is
        // hundreds of percent (the agent reads once a second): such shares are left unknown here, as a first reading
        // leaves them, and the rest of the machine's figures and text stay as read.
        var maxCpu = SampleBounds.MaxProcessCpu(reading.Cpu.Cores.Count);
        reading = reading with
        {
            Processes = [.. reading.Processes.Select(p => p.CpuPercent > maxCpu ? p with { CpuPercent = null } : p)],
        };

        var read = Samples.Encode(reading);

        Assert.Equal(Encoding.UTF8.GetString(AsObject(reading)), Encoding.UTF8.GetString(read.Json.Span));
        Assert.Equal(("srv-1", reading.Time), (read.ServerId, read.Time));
    }

    [Fact]
    public void Text_with_escapes_split_across_the_messages_buffers_is_written_as_from_one_buffer()
    {
        var awkward = Good with
        {
            Processes = [.. Enumerable.Range(1, 60).Select(i =>
                new ProcessStats(i, $"app<{i}>", $"/opt/app --name=\"x&y\" 'z' café 日本 \t+ {new string('w', i * 7)}", "rené", "R", 1.5, 1 << 20, 3))],
        };
        var json = Samples.AgentJson(awkward);
        // 7-byte segments put every kind of token, escapes included, across a boundary somewhere.
        var reader = new Utf8JsonReader(Segments(json, 7));
        reader.Read();

        var read = AgentSampleReader.Read(ref reader, out var problem);

        Assert.Null(problem);
        Assert.Equal(Encoding.UTF8.GetString(AsObject(awkward)), Encoding.UTF8.GetString(read!.Json.Span));
        Assert.Equal(json.Length, reader.BytesConsumed);
    }

    [Theory]
    [InlineData("load")]
    [InlineData("disks")]
    [InlineData("time")]
    public void A_missing_part_is_refused(string part)
    {
        var sample = GoodNode();
        sample.Remove(part);

        Assert.Equal(AgentSampleReader.MissingParts, ProblemOf(sample.ToJsonString()));
    }

    [Fact]
    public void A_missing_figure_is_refused_not_taken_for_zero()
    {
        var sample = GoodNode();
        sample["memory"]!.AsObject().Remove("used");

        Assert.Equal(AgentSampleReader.MissingParts, ProblemOf(sample.ToJsonString()));
    }

    [Theory]
    [InlineData("disks", "[null]")]
    [InlineData("memory", "null")]
    [InlineData("serverId", "null")]
    public void Null_where_the_model_has_a_value_is_a_missing_part(string part, string value)
    {
        var sample = GoodNode();
        sample[part] = JsonNode.Parse(value);

        Assert.Equal(AgentSampleReader.MissingParts, ProblemOf(sample.ToJsonString()));
    }

    [Fact]
    public void Null_text_of_a_process_is_a_missing_part()
    {
        var json = GoodJson.Replace("\"user\":\"root\"", "\"user\":null");

        Assert.Equal(AgentSampleReader.MissingParts, ProblemOf(json));
    }

    [Fact]
    public void Figures_the_model_allows_to_be_unknown_may_be_null_and_stay_null()
    {
        var json = GoodJson.Replace("\"readBytesPerSec\":1000", "\"readBytesPerSec\":null");

        var read = Samples.Read(Encoding.UTF8.GetBytes(json), out var problem);

        Assert.Null(problem);
        Assert.Null(read!.Decode().Disks[0].ReadBytesPerSec);
    }

    [Fact]
    public void A_property_it_does_not_know_is_left_out_and_the_rest_relayed()
    {
        var sample = GoodNode();
        sample["gpu"] = new JsonObject { ["name"] = "x", ["cores"] = new JsonArray(1, 2, 3) };
        sample["load"]!["seven"] = 1.5;

        var read = Samples.Read(Encoding.UTF8.GetBytes(sample.ToJsonString()), out var problem);

        Assert.Null(problem);
        Assert.Equal(Encoding.UTF8.GetString(AsObject(Good)), Encoding.UTF8.GetString(read!.Json.Span));
    }

    [Fact]
    public void A_property_given_twice_is_refused_naming_it()
    {
        var json = GoodJson.Replace("\"intervalMs\":1000", "\"intervalMs\":1000,\"intervalMs\":5");

        Assert.Equal("malformed: unreadable JSON at $.intervalms", ProblemOf(json));
    }

    [Theory]
    [InlineData("\"pid\":1", "\"pid\":1.5", "$.processes[].pid")]
    [InlineData("\"pid\":1", "\"pid\":4294967296", "$.processes[].pid")]
    [InlineData("\"tasks\":200", "\"tasks\":\"200\"", "$.load.tasks")]
    [InlineData("\"name\":\"sda\"", "\"name\":7", "$.disks[].name")]
    [InlineData("\"cores\":[", "\"cores\":{\"a\":1},\"x\":[", "$.cpu.cores")]
    public void A_value_of_the_wrong_kind_is_refused_naming_where(string good, string bad, string path)
    {
        var json = GoodJson.Replace(good, bad);
        Assert.NotEqual(GoodJson, json);

        Assert.Equal($"malformed: unreadable JSON at {path}", ProblemOf(json));
    }

    [Fact]
    public void A_number_of_thousands_of_digits_reaches_browsers_in_its_shortest_form()
    {
        var json = GoodJson.Replace("\"one\":0.5", $"\"one\":0.5{new string('0', 5000)}");

        var read = Samples.Read(Encoding.UTF8.GetBytes(json), out var problem);

        Assert.Null(problem);
        Assert.Equal(Encoding.UTF8.GetString(AsObject(Good)), Encoding.UTF8.GetString(read!.Json.Span));
    }

    [Fact]
    public void Not_an_object_is_refused()
    {
        Assert.Equal("malformed: unreadable JSON at $", ProblemOf("[1,2]"));
        Assert.Equal(AgentSampleReader.MissingParts, ProblemOf("null"));
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_refused_naming_where()
    {
        var json = GoodJson.Replace("\"name\":\"init\"", "\"name\":\"\\ud800init\"");

        Assert.Equal("malformed: unreadable JSON at $.processes[].name", ProblemOf(json));
    }

    [Fact]
    public void Text_that_is_not_utf8_is_refused_naming_where()
    {
        var json = Samples.AgentJson(Good with { Processes = [Good.Processes[0] with { Command = "ab" }] });
        var at = json.AsSpan().IndexOf("\"ab\""u8) + 1;
        json[at] = 0xC3; // the start of a two-byte sequence, followed by an ASCII "b"

        Samples.Read(json, out var problem);

        Assert.Equal("malformed: unreadable JSON at $.processes[].command", problem);
    }

    [Fact]
    public void A_thousand_cores_are_more_than_a_sample_may_be()
    {
        var huge = Good with { Cpu = Good.Cpu with { Cores = [.. Enumerable.Range(0, 1000).Select(i => Good.Cpu.Cores[0] with { Name = $"cpu{i}" })] } };

        Samples.Read(Samples.AgentJson(huge), out var problem);

        Assert.Equal(SampleLimits.Oversized, problem);
    }

    [Fact]
    public void Short_text_of_many_bytes_is_measured_in_bytes()
    {
        // 250 commands of 100 CJK characters: short strings, but 3 bytes each in UTF-8, ~90 KB of JSON.
        var wide = Good with
        {
            Processes = [.. Enumerable.Range(1, 250).Select(i => new ProcessStats(i, "p", new string('\u6f22', 100), "root", "S", 0, 1, 1))],
        };
        Assert.True(SampleLimits.EstimateBytes(wide) < SampleLimits.MaxBytes, "the estimate alone would let it through");

        Samples.Read(Samples.AgentJson(wide), out var problem);

        Assert.Equal(SampleLimits.Oversized, problem);
    }

    [Fact]
    public void Processes_written_before_the_cores_are_still_held_to_every_core()
    {
        var sample = GoodNode();
        var cpu = sample["cpu"]!;
        sample.Remove("cpu");
        sample["processes"]![0]!["cpuPercent"] = 150; // one core: at most 111 %
        sample["cpu"] = cpu;

        Assert.Equal(SampleBounds.BadProcess, ProblemOf(sample.ToJsonString()));
    }

    [Fact]
    public void A_refused_sample_leaves_the_next_one_unharmed()
    {
        var bad = GoodJson.Replace("\"pid\":1", "\"pid\":-1");
        Assert.Equal(SampleBounds.BadProcess, ProblemOf(bad));

        var read = Samples.Read(Samples.AgentJson(Good), out var problem);

        Assert.Null(problem);
        Assert.Equal(Encoding.UTF8.GetString(AsObject(Good)), Encoding.UTF8.GetString(read!.Json.Span));
    }

    /// <summary>A byte array as a sequence of fixed-size segments, as Kestrel's pipe hands a message to SignalR.</summary>
    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var offset = size; offset < bytes.Length; offset += size)
            last = last.Append(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
