// The application form: show the fields for a person or for an organisation.
(function(){var t=document.getElementById('id_applicant_type');if(!t)return;
function s(){var p=t.value==='natural_person';document.querySelectorAll('.person-only').forEach(function(e){e.hidden=!p});document.querySelectorAll('.org-only').forEach(function(e){e.hidden=p});}
t.addEventListener('change',s);s();})();
