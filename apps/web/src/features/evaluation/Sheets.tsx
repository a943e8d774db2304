import { Select, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { EvalSheetStage, Role } from '../../gql/graphql';
import { useQuery } from '../../lib/useQuery';
import { Table } from '../common/Table';
import { Loadable, PageTitle, Panel } from '../common/ui';
import { HOLDER, STAGE, STAGE_COLOR } from './labels';

const SHEETS = graphql(`
  query EvaluationSheets($stage: EvalSheetStage, $offset: Int!) {
    evaluationSheets(filter: { stage: $stage }, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        roundId
        stationName
        stationCode
        stage
        total
        grade
        returnedReason
      }
    }
    evaluationRounds(page: { limit: 100 }) {
      items {
        id
        name
        periodLabel
      }
    }
  }
`);

/** The sheets the caller may see: a station's own, a district's review queue, an evaluator's assigned ones. */
export default function Sheets() {
  const s = useSession();
  const mine = (Object.keys(HOLDER) as EvalSheetStage[]).find((stage) => HOLDER[stage] && s.roles.has(HOLDER[stage] as Role));
  const [stage, setStage] = useState<EvalSheetStage | undefined>(mine === 'SELF' ? undefined : mine);
  const [offset, setOffset] = useState(0);
  const q = useQuery(SHEETS, { stage: stage ?? null, offset });
  return (
    <div data-testid="evaluation-sheets">
      <PageTitle
        title="评估表"
        sub={mine && mine !== 'SELF' ? `待我处理：${STAGE[mine]}环节的评估表` : '本站在各轮评估中的评估表'}
        extra={
          <Select
            allowClear
            placeholder="全部环节"
            style={{ width: 160 }}
            value={stage}
            onChange={(v) => {
              setStage(v);
              setOffset(0);
            }}
            options={(Object.keys(STAGE) as EvalSheetStage[]).map((k) => ({ value: k, label: STAGE[k] }))}
            aria-label="评估环节"
          />
        }
      />
      <Loadable {...q}>
        {() => {
          const rounds = new Map(q.data!.evaluationRounds.items.map((r) => [r.id, `${r.name}（${r.periodLabel}）`]));
          return (
            <Panel>
              <Table
                size="small"
                rowKey="id"
                dataSource={q.data!.evaluationSheets.items}
                scroll={{ x: 720 }}
                pagination={{
                  total: q.data!.evaluationSheets.total,
                  pageSize: 20,
                  current: offset / 20 + 1,
                  onChange: (p) => setOffset((p - 1) * 20),
                }}
                columns={[
                  { title: '评估轮次', dataIndex: 'roundId', render: (v: string) => rounds.get(v) ?? '—' },
                  {
                    title: '站点',
                    dataIndex: 'stationName',
                    render: (v: string, r) => <Link to={`/evaluation/sheets/${r.id}`}>{`${v}（${r.stationCode}）`}</Link>,
                  },
                  {
                    title: '环节',
                    dataIndex: 'stage',
                    render: (v: EvalSheetStage, r) => (
                      <>
                        <Tag color={STAGE_COLOR[v]}>{STAGE[v]}</Tag>
                        {r.returnedReason && v === 'SELF' && <Tag color="red">已退回</Tag>}
                      </>
                    ),
                  },
                  { title: '当前得分', dataIndex: 'total' },
                  { title: '等级', dataIndex: 'grade', render: (v) => v ?? '—' },
                ]}
              />
            </Panel>
          );
        }}
      </Loadable>
    </div>
  );
}
